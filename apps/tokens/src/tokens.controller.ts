import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';

import { TokensPatterns } from '@coffer/contracts';
import { commandContextSchema, parseRequest } from '@coffer/service-kit';

import { ApiTokensService } from './api-tokens/api-tokens.service';

const ownerSchema = z.object({ orgId: z.string().min(1), ownerId: z.string().min(1).max(100) });
const tokenSchema = ownerSchema.extend({ tokenId: z.string().min(1).max(100) });

@Controller()
export class TokensController {
  constructor(@Inject(ApiTokensService) private readonly tokens: ApiTokensService) {}

  @MessagePattern(TokensPatterns.create)
  create(@Payload() message: unknown) {
    const schema = ownerSchema.extend({
      context: commandContextSchema,
      ownerEmail: z.string().email().max(254),
      name: z.string().trim().min(1, 'Enter a name for the token.').max(100),
      expiresAt: z
        .string()
        .datetime({ offset: true, message: 'The expiry date must be an ISO-8601 date and time.' }),
    });
    return this.tokens.create(parseRequest(schema, message));
  }

  @MessagePattern(TokensPatterns.list)
  list(@Payload() message: unknown) {
    return this.tokens.list(parseRequest(ownerSchema, message).ownerId);
  }

  @MessagePattern(TokensPatterns.copySecret)
  copySecret(@Payload() message: unknown) {
    return this.tokens.copySecret(parseRequest(tokenSchema, message));
  }

  @MessagePattern(TokensPatterns.revoke)
  revoke(@Payload() message: unknown) {
    return this.tokens.revoke(
      parseRequest(tokenSchema.extend({ context: commandContextSchema }), message),
    );
  }

  @MessagePattern(TokensPatterns.authenticate)
  authenticate(@Payload() message: unknown) {
    return this.tokens.authenticate(
      parseRequest(
        z.object({ email: z.string().max(1_000), secret: z.string().max(1_000) }),
        message,
      ),
    );
  }
}
