import { applyDecorators, Body, type PipeTransform } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import type { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

import { parseQuery } from './parse-input';

/** Validates a body with the schema of its message definition; a bad one is a 400 naming each problem. */
class SchemaPipe<Schema extends z.ZodTypeAny> implements PipeTransform<unknown, z.output<Schema>> {
  constructor(private readonly schema: Schema) {}

  transform(value: unknown): z.output<Schema> {
    // No body at all reads as an empty one, so the answer names each missing field.
    return parseQuery(this.schema, value ?? {});
  }
}

/** The parameter that receives a JSON body parsed by `schema` (the message definition's `body`). */
export function ValidBody(schema: z.ZodTypeAny): ParameterDecorator {
  return Body(new SchemaPipe(schema));
}

/** The OpenAPI description of the same body, so the document and the validation cannot disagree. */
export function ApiBodyOf(schema: z.ZodTypeAny, description?: string) {
  const jsonSchema = zodToJsonSchema(schema, { target: 'openApi3', $refStrategy: 'none' });
  delete (jsonSchema as { $schema?: string }).$schema;
  return applyDecorators(ApiBody({ schema: jsonSchema as object, description }));
}
