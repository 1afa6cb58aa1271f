import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * The validation pipe refuses properties a body class does not declare (`forbidNonWhitelisted`);
 * the document says so, with `additionalProperties: false` on every schema built from a body
 * class (the only component schemas here), so clients and fuzzers see the real contract.
 */
export function closeRequestSchemas(document: OpenAPIObject): OpenAPIObject {
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    if ('$ref' in schema || schema.type !== 'object') continue;
    schema.additionalProperties = false;
  }
  return document;
}
