import { Delete, Get, HttpCode, Inject, Param, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { type AccountSessions, type AccountSignIns, SessionsMessages } from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import {
  administratorOf,
  type AuthenticatedRequest,
  commandContext,
} from './authenticated-request';
import { ConsoleController } from './console-controller.decorator';

/**
 * Sessions and recent sign-ins of an account: an administrator's own (`/sessions`,
 * `/sign-ins`), or any account of the organisation for a cloud administrator
 * (`/accounts/{id}/sessions`, `/accounts/{id}/sign-ins`); identity decides who may.
 */
@ConsoleController('', 'sessions')
export class AccountSessionsController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get('sessions')
  @ApiOperation({ summary: 'Your own live sessions, the current one marked' })
  listOwn(@Req() request: AuthenticatedRequest): Promise<AccountSessions> {
    return this.backends.send(SessionsMessages.list, this.target(request));
  }

  @Delete('sessions/:sessionId')
  @HttpCode(200)
  @ApiOperation({ summary: 'End one of your sessions at once' })
  revokeOwn(@Req() request: AuthenticatedRequest, @Param('sessionId') sessionId: string) {
    return this.backends.send(SessionsMessages.revoke, {
      ...this.target(request),
      sessionId: sessionId.slice(0, 100),
    });
  }

  @Delete('sessions')
  @HttpCode(200)
  @ApiOperation({ summary: 'End every one of your sessions, this one included' })
  revokeAllOwn(@Req() request: AuthenticatedRequest) {
    return this.backends.send(SessionsMessages.revokeAll, this.target(request));
  }

  @Get('sign-ins')
  @ApiOperation({
    summary: 'Your own recent sign-in attempts, newest first',
    description:
      'Time, surface, method, IP address, browser and outcome (with the reason of a refusal), ' +
      'from the sign-in events; they appear a moment after the attempt.',
  })
  signInsOwn(@Req() request: AuthenticatedRequest): Promise<AccountSignIns> {
    return this.backends.send(SessionsMessages.signIns, this.account(request));
  }

  @Get('accounts/:accountId/sign-ins')
  @ApiOperation({
    summary:
      'The recent sign-in attempts of an administrator or a user (cloud administrators only)',
  })
  signIns(
    @Req() request: AuthenticatedRequest,
    @Param('accountId') accountId: string,
  ): Promise<AccountSignIns> {
    return this.backends.send(SessionsMessages.signIns, this.account(request, accountId));
  }

  @Get('accounts/:accountId/sessions')
  @ApiOperation({
    summary: 'The live sessions of an administrator or a user (cloud administrators only)',
  })
  list(
    @Req() request: AuthenticatedRequest,
    @Param('accountId') accountId: string,
  ): Promise<AccountSessions> {
    return this.backends.send(SessionsMessages.list, this.target(request, accountId));
  }

  @Delete('accounts/:accountId/sessions/:sessionId')
  @HttpCode(200)
  @ApiOperation({ summary: 'End one session of an account (cloud administrators only)' })
  revoke(
    @Req() request: AuthenticatedRequest,
    @Param('accountId') accountId: string,
    @Param('sessionId') sessionId: string,
  ) {
    return this.backends.send(SessionsMessages.revoke, {
      ...this.target(request, accountId),
      sessionId: sessionId.slice(0, 100),
    });
  }

  @Delete('accounts/:accountId/sessions')
  @HttpCode(200)
  @ApiOperation({ summary: 'End every session of an account (cloud administrators only)' })
  revokeAll(@Req() request: AuthenticatedRequest, @Param('accountId') accountId: string) {
    return this.backends.send(SessionsMessages.revokeAll, this.target(request, accountId));
  }

  private target(request: AuthenticatedRequest, accountId?: string) {
    return { ...this.account(request, accountId), currentSessionId: request.principal.sessionId };
  }

  /** The caller and the account asked for: their own unless an id is given. */
  private account(request: AuthenticatedRequest, accountId?: string) {
    return {
      context: commandContext(request),
      orgId: request.principal.orgId,
      accountId: (accountId ?? administratorOf(request).id).slice(0, 100),
    };
  }
}
