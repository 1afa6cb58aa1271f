import { Body, Get, HttpCode, Inject, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { IdentityPatterns, type AdministratorView } from '@coffer/contracts';

import { callBackend } from '../backend/backend-call';
import { BackendClients } from '../backend/backend-clients';
import { commandContext, type AuthenticatedRequest } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { ChangeRoleDto, CreateAdministratorDto } from './administrator.dtos';

/** Manage Administrators: cloud administrators only (identity refuses the others with 403). */
@ConsoleController('administrators', 'administrators')
export class AdministratorsController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @ApiOperation({ summary: "The organisation's administrators" })
  list(@Req() request: AuthenticatedRequest): Promise<AdministratorView[]> {
    return callBackend(this.backends, 'identity', IdentityPatterns.listAdministrators, {
      orgId: request.principal.orgId,
    });
  }

  @Post()
  @ApiOperation({
    summary: 'Create an administrator with a fail-safe password (cloud administrators only)',
  })
  create(
    @Req() request: AuthenticatedRequest,
    @Body() body: CreateAdministratorDto,
  ): Promise<AdministratorView> {
    return callBackend(this.backends, 'identity', IdentityPatterns.createAdministrator, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      ...body,
    });
  }

  @Patch(':id/role')
  @ApiOperation({ summary: "Change an administrator's role (cloud administrators only)" })
  changeRole(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
    @Body() body: ChangeRoleDto,
  ) {
    return callBackend<AdministratorView>(
      this.backends,
      'identity',
      IdentityPatterns.changeAdministratorRole,
      {
        context: commandContext(request),
        orgId: request.principal.orgId,
        administratorId: id.slice(0, 100),
        role: body.role,
      },
    );
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disable an administrator: their sessions end at once (cloud administrators only)',
  })
  disable(@Req() request: AuthenticatedRequest, @Param('id') id: string) {
    return callBackend<AdministratorView>(
      this.backends,
      'identity',
      IdentityPatterns.disableAdministrator,
      {
        context: commandContext(request),
        orgId: request.principal.orgId,
        administratorId: id.slice(0, 100),
      },
    );
  }

  @Post(':id/reset-password')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Reset Password: email another administrator a single-use link to set a new fail-safe password',
    description:
      'Cloud administrators only; the link expires in 24 hours and a newer one replaces it.',
  })
  resetPassword(@Req() request: AuthenticatedRequest, @Param('id') id: string) {
    return callBackend<{ sent: true }>(
      this.backends,
      'identity',
      IdentityPatterns.requestPasswordReset,
      {
        context: commandContext(request),
        orgId: request.principal.orgId,
        administratorId: id.slice(0, 100),
      },
    );
  }
}
