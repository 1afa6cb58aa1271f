import type { OpenAPIObject } from '@nestjs/swagger';

import { closeRequestSchemas } from './closed-request-schemas';

describe('closeRequestSchemas', () => {
  it('forbids undeclared properties on every object schema and leaves references alone', () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          LoginDto: { type: 'object', properties: { email: { type: 'string' } } },
          Alias: { $ref: '#/components/schemas/LoginDto' },
        },
      },
    } as OpenAPIObject;
    const closed = closeRequestSchemas(document);
    expect(closed.components?.schemas).toEqual({
      LoginDto: {
        type: 'object',
        properties: { email: { type: 'string' } },
        additionalProperties: false,
      },
      Alias: { $ref: '#/components/schemas/LoginDto' },
    });
  });
});
