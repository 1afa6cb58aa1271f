import { Delete, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import type { CofferConfig } from '@coffer/config';
import {
  type ApiTokenLimits,
  type ApiTokenView,
  type ApiTokenWithSecret,
  type BodyOf,
  TokensMessages,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import { GATEWAY_CONFIG } from '../gateway-config';
import {
  administratorOf,
  type AuthenticatedRequest,
  commandContext,
} from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { RequiresRecentAuthentication } from '../sessions/step-up';

/** Settings → APIs: an administrator's own tokens, usable as email + token (HTTP Basic). */
@ConsoleController('api-tokens', 'api tokens')
export class ApiTokensController {
  constructor(
    @Inject(BackendClients) private readonly backends: BackendClients,
    @Inject(GATEWAY_CONFIG) private readonly config: CofferConfig,
  ) {}

  @Get('limits')
  @ApiOperation({ summary: 'The longest expiry the tokens service accepts, in days' })
  limits(): ApiTokenLimits {
    // One deployment reads one COFFER_TOKEN_MAX_DAYS: the gateway's copy is the tokens service's.
    return { maxDays: this.config.tokens.maxDays };
  }

  @Post()
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: 'Create new token: the secret is in this answer (and Copy Token while valid)',
  })
  @ApiBodyOf(TokensMessages.create.body)
  create(
    @Req() request: AuthenticatedRequest,
    @ValidBody(TokensMessages.create.body) body: BodyOf<typeof TokensMessages.create>,
  ): Promise<ApiTokenWithSecret> {
    const owner = administratorOf(request);
    return this.backends.send(TokensMessages.create, {
      context: commandContext(request),
      orgId: owner.orgId,
      ownerId: owner.id,
      ownerEmail: owner.email,
      ...body,
    });
  }

  @Get()
  @ApiOperation({ summary: 'My tokens: name, created, expires, last used, status' })
  list(@Req() request: AuthenticatedRequest): Promise<ApiTokenView[]> {
    const owner = administratorOf(request);
    return this.backends.send(TokensMessages.list, {
      orgId: owner.orgId,
      ownerId: owner.id,
    });
  }

  @Get(':id/secret')
  @ApiOperation({ summary: 'Copy Token: the secret of a still-valid token of mine' })
  copy(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<ApiTokenWithSecret> {
    const owner = administratorOf(request);
    return this.backends.send(TokensMessages.copySecret, {
      orgId: owner.orgId,
      ownerId: owner.id,
      tokenId: id,
    });
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a token: it stops working at once' })
  revoke(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<ApiTokenView> {
    const owner = administratorOf(request);
    return this.backends.send(TokensMessages.revoke, {
      context: commandContext(request),
      orgId: owner.orgId,
      ownerId: owner.id,
      tokenId: id,
    });
  }
}
