import { Controller, Get, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  type BodyOf,
  MfaMessages,
  type MfaStatus,
  type RecoveryCodesRegenerated,
  type TotpEnrolment,
  type TotpEnrolmentConfirmed,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import type { AuthenticatedRequest } from '../sessions/authenticated-request';
import { PortalSessionGuard } from '../sessions/session.guards';
import { SESSION_COOKIE } from '../sessions/session-cookies';
import { OpenWhileEnrolmentOverdue, RequiresRecentAuthentication } from '../sessions/step-up';
import { ownAccount } from './mfa.controller';

/**
 * An end user's own second factor in the web portal: the same identity messages as the
 * console's (identity acts on the session's account, a user here), so enrolment, step-up and
 * recovery codes follow one set of rules for both kinds of account.
 */
@ApiTags('web portal')
@ApiCookieAuth(SESSION_COOKIE.portal)
@Controller('portal/mfa')
@UseGuards(PortalSessionGuard)
export class PortalMfaController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @OpenWhileEnrolmentOverdue()
  @ApiOperation({
    summary: "Whether I have a second factor, and what my organisation's policy asks of end users",
  })
  status(@Req() request: AuthenticatedRequest): Promise<MfaStatus> {
    return this.backends.send(MfaMessages.status, {
      orgId: request.principal.orgId,
      account: { kind: 'user', id: userIdOf(request) },
    });
  }

  @Post('totp')
  @OpenWhileEnrolmentOverdue()
  @ApiOperation({
    summary: 'Start setting up an authenticator app: the otpauth:// URI and its QR code',
    description:
      'Pending until POST /api/portal/mfa/totp/confirm with a first valid code. 409 mfa-already-enrolled.',
  })
  startTotp(@Req() request: AuthenticatedRequest): Promise<TotpEnrolment> {
    return this.backends.send(MfaMessages.startTotp, ownAccount(request, 'portal'));
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @OpenWhileEnrolmentOverdue()
  @ApiOperation({
    summary: 'Confirm the authenticator app with a first code: ten recovery codes, shown once',
    description: '401 invalid-otp for a wrong code (counted towards the lockout).',
  })
  @ApiBodyOf(MfaMessages.confirmTotp.body)
  confirmTotp(
    @Req() request: AuthenticatedRequest,
    @ValidBody(MfaMessages.confirmTotp.body) body: BodyOf<typeof MfaMessages.confirmTotp>,
  ): Promise<TotpEnrolmentConfirmed> {
    return this.backends.send(MfaMessages.confirmTotp, {
      ...ownAccount(request, 'portal'),
      ...body,
    });
  }

  @Post('reauthenticate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Step-up: prove it is you again (a code, or the password without a second factor)',
    description: 'Replacing recovery codes needs a sign-in or this within the last 10 minutes.',
  })
  @ApiBodyOf(MfaMessages.reauthenticate.body)
  reauthenticate(
    @Req() request: AuthenticatedRequest,
    @ValidBody(MfaMessages.reauthenticate.body) body: BodyOf<typeof MfaMessages.reauthenticate>,
  ): Promise<{ reauthenticated: true }> {
    return this.backends.send(MfaMessages.reauthenticate, {
      ...ownAccount(request, 'portal'),
      ...body,
    });
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: 'Replace my recovery codes with ten new ones, shown once',
    description:
      'The old codes stop working at once. 401 reauthentication-required without a recent ' +
      'sign-in or code; 409 mfa-not-enrolled without an authenticator app.',
  })
  regenerateRecoveryCodes(@Req() request: AuthenticatedRequest): Promise<RecoveryCodesRegenerated> {
    return this.backends.send(MfaMessages.regenerateRecoveryCodes, ownAccount(request, 'portal'));
  }
}

function userIdOf(request: AuthenticatedRequest): string {
  if (request.principal.kind !== 'user') throw new Error('guard let a non-user through');
  return request.principal.user.id;
}
