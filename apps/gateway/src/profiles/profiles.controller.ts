import { setTimeout as sleep } from 'node:timers/promises';

import { Delete, Get, Inject, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import {
  type BodyOf,
  IdentityMessages,
  ProfilesMessages,
  type ProfileView,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import { type AuthenticatedRequest, commandContext } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';

/** How long a save waits for identity to have the change before answering that it will soon. */
const APPLY_WAIT_MS = 5_000;

@ConsoleController('profiles', 'profiles')
export class ProfilesController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @ApiOperation({ summary: "The organisation's profiles with their member counts" })
  list(@Req() request: AuthenticatedRequest): Promise<ProfileView[]> {
    return this.backends.send(ProfilesMessages.list, { orgId: request.principal.orgId });
  }

  @Post()
  @ApiOperation({ summary: 'Create a profile' })
  @ApiBodyOf(ProfilesMessages.create.body)
  create(
    @Req() request: AuthenticatedRequest,
    @ValidBody(ProfilesMessages.create.body) body: BodyOf<typeof ProfilesMessages.create>,
  ): Promise<ProfileView> {
    return this.backends.send(ProfilesMessages.create, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      ...body,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Profile Summary: settings and member count' })
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<ProfileView> {
    return this.backends.send(ProfilesMessages.get, {
      orgId: request.principal.orgId,
      profileId: id,
    });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a profile' })
  @ApiBodyOf(ProfilesMessages.rename.body)
  rename(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
    @ValidBody(ProfilesMessages.rename.body) body: BodyOf<typeof ProfilesMessages.rename>,
  ): Promise<ProfileView> {
    return this.backends.send(ProfilesMessages.rename, {
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
  @ApiBodyOf(ProfilesMessages.changeAccess.body)
  async changeAccess(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
    @ValidBody(ProfilesMessages.changeAccess.body)
    body: BodyOf<typeof ProfilesMessages.changeAccess>,
  ) {
    const profile = await this.backends.send(ProfilesMessages.changeAccess, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      profileId: id,
      ...body,
    });
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
    return this.backends.send(ProfilesMessages.delete, {
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
