import { ForbiddenException, Get, HttpCode, Inject, Post, Put, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import {
  type BodyOf,
  MfaMessages,
  type MfaPolicyView,
  type MfaStatus,
  type RecoveryCodesRegenerated,
  type SignInSurface,
  type TotpEnrolment,
  type TotpEnrolmentConfirmed,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import {
  administratorOf,
  type AuthenticatedRequest,
  commandContext,
} from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { correlationIdOf } from '../sessions/correlation-id';
import { SESSION_COOKIE } from '../sessions/session-cookies';
import { OpenWhileEnrolmentOverdue, RequiresRecentAuthentication } from '../sessions/step-up';

/** The caller's own account, as identity's MFA and passkey messages take it (either surface). */
export function ownAccount(request: AuthenticatedRequest, surface: SignInSurface = 'console') {
  const sessionToken = (request.cookies as Record<string, string | undefined>)[
    SESSION_COOKIE[surface]
  ];
  return {
    context: commandContext(request),
    orgId: request.principal.orgId,
    ...(sessionToken && !request.headers.authorization ? { sessionToken } : {}),
    client: { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 500) },
    correlationId: correlationIdOf(request),
  };
}

/** The signed-in administrator's second factor (TOTP), step-up, and the organisation's MFA policy. */
@ConsoleController('mfa', 'multi-factor authentication')
export class MfaController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @OpenWhileEnrolmentOverdue()
  @ApiOperation({
    summary: "Whether I have a second factor, and what my organisation's policy asks of me",
  })
  status(@Req() request: AuthenticatedRequest): Promise<MfaStatus> {
    return this.backends.send(MfaMessages.status, {
      orgId: request.principal.orgId,
      account: { kind: 'administrator', id: administratorOf(request).id },
    });
  }

  @Post('totp')
  @OpenWhileEnrolmentOverdue()
  @ApiOperation({
    summary: 'Start setting up an authenticator app: the otpauth:// URI and its QR code',
    description:
      'The secret stays pending (it protects nothing) until POST /api/console/mfa/totp/confirm ' +
      'with a first valid code; starting again replaces a pending one. 409 mfa-already-enrolled.',
  })
  startTotp(@Req() request: AuthenticatedRequest): Promise<TotpEnrolment> {
    return this.backends.send(MfaMessages.startTotp, ownAccount(request));
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
    return this.backends.send(MfaMessages.confirmTotp, { ...ownAccount(request), ...body });
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: 'Replace my recovery codes with ten new ones, shown once',
    description:
      'The old codes stop working at once. Needs step-up (401 reauthentication-required) and a ' +
      'console session (403 forbidden with HTTP Basic); 409 mfa-not-enrolled without an authenticator app.',
  })
  regenerateRecoveryCodes(@Req() request: AuthenticatedRequest): Promise<RecoveryCodesRegenerated> {
    // Recovery codes stand in for the authenticator at an interactive sign-in: a script's API
    // token (which passes step-up) must not be a way to mint them.
    if (
      request.principal.kind === 'administrator' &&
      (request.principal.authenticatedBy === 'api-token' ||
        request.principal.authenticatedBy === 'password')
    )
      throw new ForbiddenException({
        code: 'forbidden',
        message:
          'Recovery codes are replaced from a signed-in console session, not with HTTP Basic.',
      });
    return this.backends.send(MfaMessages.regenerateRecoveryCodes, ownAccount(request));
  }

  @Post('reauthenticate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Step-up: prove it is you again (a code, or the password without a second factor)',
    description:
      'Changing SSO settings, administrator roles, MFA of another account, passkeys and creating ' +
      'API tokens need a sign-in or this within the last 10 minutes, else 401 ' +
      'reauthentication-required. `passkey` answers a challenge from POST /api/console/passkeys/challenge.',
  })
  @ApiBodyOf(MfaMessages.reauthenticate.body)
  reauthenticate(
    @Req() request: AuthenticatedRequest,
    @ValidBody(MfaMessages.reauthenticate.body) body: BodyOf<typeof MfaMessages.reauthenticate>,
  ): Promise<{ reauthenticated: true }> {
    return this.backends.send(MfaMessages.reauthenticate, { ...ownAccount(request), ...body });
  }

  @Put('policy')
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: 'MFA required for administrators, for end users (cloud administrators only)',
    description:
      'A rule left out stays as it is. Turning one on gives accounts of that kind without a factor ' +
      'a grace period to enrol: `graceDays` (administrators) or `usersGraceDays` (end users), ' +
      'or the deployment default (7 days). End users signing in with SSO rely on the IdP.',
  })
  @ApiBodyOf(MfaMessages.setPolicy.body)
  setPolicy(
    @Req() request: AuthenticatedRequest,
    @ValidBody(MfaMessages.setPolicy.body) body: BodyOf<typeof MfaMessages.setPolicy>,
  ): Promise<MfaPolicyView> {
    return this.backends.send(MfaMessages.setPolicy, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      ...body,
    });
  }

  @Get('policy')
  @ApiOperation({ summary: "The organisation's MFA policy (cloud administrators only)" })
  policy(@Req() request: AuthenticatedRequest): Promise<MfaPolicyView> {
    return this.backends.send(MfaMessages.getPolicy, {
      context: commandContext(request),
      orgId: request.principal.orgId,
    });
  }
}
