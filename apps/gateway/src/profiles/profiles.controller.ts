import { setTimeout as sleep } from 'node:timers/promises';

import { Body, Delete, Get, Inject, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { IdentityMessages, ProfilesPatterns, type ProfileView } from '@coffer/contracts';

import { callBackend } from '../backend/backend-call';
import { BackendClients } from '../backend/backend-clients';
import { commandContext, type AuthenticatedRequest } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { AccessSettingsDto, CreateProfileDto, RenameProfileDto } from './profile.dtos';

/** How long a save waits for identity to have the change before answering that it will soon. */
const APPLY_WAIT_MS = 5_000;

@ConsoleController('profiles', 'profiles')
export class ProfilesController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @ApiOperation({ summary: "The organisation's profiles with their member counts" })
  list(@Req() request: AuthenticatedRequest): Promise<ProfileView[]> {
    return callBackend(this.backends, 'profiles', ProfilesPatterns.list, {
      orgId: request.principal.orgId,
    });
  }

  @Post()
  @ApiOperation({ summary: 'Create a profile' })
  create(
    @Req() request: AuthenticatedRequest,
    @Body() body: CreateProfileDto,
  ): Promise<ProfileView> {
    return callBackend(this.backends, 'profiles', ProfilesPatterns.create, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      ...body,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Profile Summary: settings and member count' })
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<ProfileView> {
    return callBackend(this.backends, 'profiles', ProfilesPatterns.get, {
      orgId: request.principal.orgId,
      profileId: id,
    });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a profile' })
  rename(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
    @Body() body: RenameProfileDto,
  ) {
    return callBackend<ProfileView>(this.backends, 'profiles', ProfilesPatterns.rename, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      profileId: id,
      name: body.name,
    });
  }

  @Patch(':id/access')
  @ApiOperation({
    summary: 'User Privacy & Access: allow restore from web browser, allow share',
    description:
      'Answers once identity, which applies the rules at sign-in, has the change (appliedToSignIn: true), ' +
      'so the next sign-in follows it; if that takes longer than 5 s, answers appliedToSignIn: false and ' +
      'the change applies to sign-ins within seconds.',
  })
  async changeAccess(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
    @Body() body: AccessSettingsDto,
  ) {
    const profile = await callBackend<ProfileView>(
      this.backends,
      'profiles',
      ProfilesPatterns.changeAccess,
      {
        context: commandContext(request),
        orgId: request.principal.orgId,
        profileId: id,
        ...body,
      },
    );
    const appliedToSignIn = await this.waitForIdentity(profile);
    return {
      profile,
      appliedToSignIn,
      ...(appliedToSignIn
        ? {}
        : { message: 'Saved. It applies to sign-ins within a few seconds.' }),
    };
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Delete a profile; refused while it has members or for the default profile',
  })
  delete(@Req() request: AuthenticatedRequest, @Param('id') id: string) {
    return callBackend(this.backends, 'profiles', ProfilesPatterns.delete, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      profileId: id,
    });
  }

  /** Read-your-writes across services, bounded: poll identity's read model for the profile's version. */
  private async waitForIdentity(profile: ProfileView): Promise<boolean> {
    const deadline = Date.now() + APPLY_WAIT_MS;
    while (Date.now() < deadline) {
      const { version } = await this.backends.send(IdentityMessages.signIn.profileAccessVersion, {
        profileId: profile.id,
      });
      if (version >= profile.version) return true;
      await sleep(100);
    }
    return false;
  }
}
