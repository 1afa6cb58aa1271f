import { Controller, Inject } from '@nestjs/common';

import { TokensMessages, type ParsedRequestOf } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { ApiTokensService } from './api-tokens/api-tokens.service';

type Request<Name extends keyof typeof TokensMessages> = ParsedRequestOf<
  (typeof TokensMessages)[Name]
>;

@Controller()
export class TokensController {
  constructor(@Inject(ApiTokensService) private readonly tokens: ApiTokensService) {}

  @Handles(TokensMessages.create)
  create(request: Request<'create'>) {
    return this.tokens.create(request);
  }

  @Handles(TokensMessages.list)
  list(request: Request<'list'>) {
    return this.tokens.list(request.ownerId);
  }

  @Handles(TokensMessages.copySecret)
  copySecret(request: Request<'copySecret'>) {
    return this.tokens.copySecret(request);
  }

  @Handles(TokensMessages.revoke)
  revoke(request: Request<'revoke'>) {
    return this.tokens.revoke(request);
  }

  @Handles(TokensMessages.authenticate)
  authenticate(request: Request<'authenticate'>) {
    return this.tokens.authenticate(request);
  }
}
