import { Get, HttpCode, Inject, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import {
  type AdministratorListItem,
  AdministratorsMessages,
  type AdministratorView,
  type BodyOf,
  MfaMessages,
  PasswordLinksMessages,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import { type AuthenticatedRequest, commandContext } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { RequiresRecentAuthentication } from '../sessions/step-up';

/** Manage Administrators: cloud administrators only (identity refuses the others with 403). */
@ConsoleController('administrators', 'administrators')
export class AdministratorsController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @ApiOperation({ summary: "The organisation's administrators" })
  list(@Req() request: AuthenticatedRequest): Promise<AdministratorListItem[]> {
    return this.backends.send(AdministratorsMessages.list, { orgId: request.principal.orgId });
  }

  @Post()
  @ApiOperation({
    summary: 'Invite an administrator (cloud administrators only)',
    description:
      'Without a password (as the console sends it) the new administrator is emailed a ' +
      'single-use link, valid 24 hours, to choose their fail-safe password under the ' +
      "administrators' password policy; a script may give the password instead.",
  })
  @ApiBodyOf(AdministratorsMessages.create.body)
  create(
    @Req() request: AuthenticatedRequest,
    @ValidBody(AdministratorsMessages.create.body)
    body: BodyOf<typeof AdministratorsMessages.create>,
  ): Promise<AdministratorView> {
    return this.backends.send(AdministratorsMessages.create, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      ...body,
      invite: body.password === undefined,
    });
  }

  @Patch(':id/role')
  @RequiresRecentAuthentication()
  @ApiOperation({ summary: "Change an administrator's role (cloud administrators only)" })
  @ApiBodyOf(AdministratorsMessages.changeRole.body)
  changeRole(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
    @ValidBody(AdministratorsMessages.changeRole.body)
    body: BodyOf<typeof AdministratorsMessages.changeRole>,
  ): Promise<AdministratorView> {
    return this.backends.send(AdministratorsMessages.changeRole, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      administratorId: id.slice(0, 100),
      role: body.role,
    });
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disable an administrator: their sessions end at once (cloud administrators only)',
  })
  disable(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
  ): Promise<AdministratorView> {
    return this.backends.send(AdministratorsMessages.disable, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      administratorId: id.slice(0, 100),
    });
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enable a disabled administrator: they can sign in again (cloud administrators only)',
    description:
      'Sessions from before the disabling stay ended. 409 administrator-unchanged when active.',
  })
  enable(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
  ): Promise<AdministratorView> {
    return this.backends.send(AdministratorsMessages.enable, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      administratorId: id.slice(0, 100),
    });
  }

  @Post(':id/mfa-reset')
  @HttpCode(200)
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary:
      "Reset another administrator's multi-factor authentication (cloud administrators only)",
    description:
      'Removes their authenticator app and recovery codes and ends all their sessions; the other ' +
      'cloud administrators are emailed and the audit trail shows it. 409 cannot-reset-own-mfa.',
  })
  resetMfa(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
  ): Promise<{ reset: true }> {
    return this.backends.send(MfaMessages.reset, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      account: { kind: 'administrator', id: id.slice(0, 100) },
    });
  }

  @Post(':id/reset-password')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Reset Password: email another administrator a single-use link to set a new fail-safe password',
    description:
      'Cloud administrators only; the link expires in 24 hours and a newer one replaces it.',
  })
  resetPassword(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
  ): Promise<{ sent: true }> {
    return this.backends.send(PasswordLinksMessages.requestReset, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      administratorId: id.slice(0, 100),
    });
  }
}
