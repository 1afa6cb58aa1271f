import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';

import { TokensPatterns } from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import { ApiTokensService } from './api-tokens/api-tokens.service';

const contextSchema = z.object({
  actor: z.object({
    type: z.enum(['administrator', 'user', 'system', 'api-token']),
    id: z.string().optional(),
    email: z.string().optional(),
    ip: z.string().optional(),
    userAgent: z.string().optional(),
  }),
  correlationId: z.string().min(1),
  causationId: z.string().optional(),
});
const ownerSchema = z.object({ orgId: z.string().min(1), ownerId: z.string().min(1).max(100) });
const tokenSchema = ownerSchema.extend({ tokenId: z.string().min(1).max(100) });

function parse<T extends z.ZodTypeAny>(schema: T, message: unknown): z.infer<T> {
  const result = schema.safeParse(message);
  if (result.success) return result.data;
  throw new ServiceError(
    'invalid-request',
    result.error.issues.map((issue) => issue.message).join('; '),
  );
}

@Controller()
export class TokensController {
  constructor(@Inject(ApiTokensService) private readonly tokens: ApiTokensService) {}

  @MessagePattern(TokensPatterns.create)
  create(@Payload() message: unknown) {
    const schema = ownerSchema.extend({
      context: contextSchema,
      ownerEmail: z.string().email().max(254),
      name: z.string().trim().min(1, 'Enter a name for the token.').max(100),
      expiresAt: z
        .string()
        .datetime({ offset: true, message: 'The expiry date must be an ISO-8601 date and time.' }),
    });
    return this.tokens.create(parse(schema, message));
  }

  @MessagePattern(TokensPatterns.list)
  list(@Payload() message: unknown) {
    return this.tokens.list(parse(ownerSchema, message).ownerId);
  }

  @MessagePattern(TokensPatterns.copySecret)
  copySecret(@Payload() message: unknown) {
    return this.tokens.copySecret(parse(tokenSchema, message));
  }

  @MessagePattern(TokensPatterns.revoke)
  revoke(@Payload() message: unknown) {
    return this.tokens.revoke(parse(tokenSchema.extend({ context: contextSchema }), message));
  }

  @MessagePattern(TokensPatterns.authenticate)
  authenticate(@Payload() message: unknown) {
    return this.tokens.authenticate(
      parse(z.object({ email: z.string().max(1_000), secret: z.string().max(1_000) }), message),
    );
  }
}
