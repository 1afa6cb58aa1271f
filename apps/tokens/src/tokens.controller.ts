import { Controller, Inject } from '@nestjs/common';

import { type ParsedRequestsOf, TokensMessages } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { ApiTokensService } from './api-tokens/api-tokens.service';

type Requests = ParsedRequestsOf<typeof TokensMessages>;

@Controller()
export class TokensController {
  constructor(@Inject(ApiTokensService) private readonly tokens: ApiTokensService) {}

  @Handles(TokensMessages.create)
  create(request: Requests['create']) {
    return this.tokens.create(request);
  }

  @Handles(TokensMessages.list)
  list(request: Requests['list']) {
    return this.tokens.list(request.ownerId);
  }

  @Handles(TokensMessages.copySecret)
  copySecret(request: Requests['copySecret']) {
    return this.tokens.copySecret(request);
  }

  @Handles(TokensMessages.revoke)
  revoke(request: Requests['revoke']) {
    return this.tokens.revoke(request);
  }

  @Handles(TokensMessages.authenticate)
  authenticate(request: Requests['authenticate']) {
    return this.tokens.authenticate(request);
  }
}
