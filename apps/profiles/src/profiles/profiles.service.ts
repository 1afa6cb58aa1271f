import { randomUUID } from 'node:crypto';

import {
  type ChangeAccessRequest,
  type CommandContext,
  type CreateProfileRequest,
  defaultProfileId,
  type ProfileRequest,
  type ProfileView,
  type RenameProfileRequest,
} from '@coffer/contracts';
import type { CommandHandler } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

import { DEFAULT_PROFILE } from './default-profile';
import type { ProfileCommand, ProfileEvent, ProfileState } from './profile.decider';
import type { ProfilesReadModel } from './profiles-read-model';

const notFound = () => new ServiceError('profile-not-found');

export class ProfilesService {
  constructor(
    /** Applies each command's events to the read model and nudges the relay (see main.ts). */
    private readonly profiles: CommandHandler<ProfileCommand, ProfileState, ProfileEvent>,
    private readonly readModel: ProfilesReadModel,
  ) {}

  /**
   * Creates the organisation's default profile once; a redelivered event finds it there. Two
   * replicas racing for it: the loser decides again on the winner's stream, which says it exists.
   */
  async ensureDefaultProfile(orgId: string, context: CommandContext): Promise<void> {
    const id = defaultProfileId(orgId);
    try {
      await this.profiles.handle(
        id,
        orgId,
        {
          type: 'CreateProfile',
          name: DEFAULT_PROFILE.name,
          isDefault: true,
          access: DEFAULT_PROFILE.access,
          dataSources: DEFAULT_PROFILE.dataSources,
        },
        context,
        { retryOnConflict: true },
      );
    } catch (error) {
      if (!(error instanceof ServiceError && error.code === 'profile-exists')) throw error;
    }
  }

  async create(request: CreateProfileRequest): Promise<ProfileView> {
    if (await this.readModel.nameTaken(request.orgId, request.name)) {
      throw new ServiceError(
        'profile-name-taken',
        `A profile named "${request.name}" already exists.`,
      );
    }
    const id = randomUUID();
    const { allowWebRestore, allowShare } = request;
    await this.profiles.handle(
      id,
      request.orgId,
      {
        type: 'CreateProfile',
        name: request.name,
        isDefault: false,
        access: { allowWebRestore, allowShare },
        dataSources: request.dataSources,
      },
      request.context,
      { fresh: true },
    );
    return (await this.readModel.get(request.orgId, id)) as ProfileView;
  }

  async rename(request: RenameProfileRequest): Promise<ProfileView> {
    await this.existing(request);
    if (await this.readModel.nameTaken(request.orgId, request.name)) {
      throw new ServiceError(
        'profile-name-taken',
        `A profile named "${request.name}" already exists.`,
      );
    }
    await this.profiles.handle(
      request.profileId,
      request.orgId,
      { type: 'RenameProfile', name: request.name },
      request.context,
    );
    return (await this.readModel.get(request.orgId, request.profileId)) as ProfileView;
  }

  async changeAccess(request: ChangeAccessRequest): Promise<ProfileView> {
    await this.existing(request);
    const { allowWebRestore, allowShare } = request;
    await this.profiles.handle(
      request.profileId,
      request.orgId,
      { type: 'ChangeAccessSettings', access: { allowWebRestore, allowShare } },
      request.context,
      // The settings saved are the caller's whole answer, whatever a concurrent save left.
      { retryOnConflict: true },
    );
    return (await this.readModel.get(request.orgId, request.profileId)) as ProfileView;
  }

  async delete(request: ProfileRequest): Promise<{ deleted: true }> {
    await this.existing(request);
    const memberCount = await this.readModel.memberCount(request.orgId, request.profileId);
    await this.profiles.handle(
      request.profileId,
      request.orgId,
      { type: 'DeleteProfile', memberCount },
      request.context,
    );
    return { deleted: true };
  }

  list(orgId: string): Promise<ProfileView[]> {
    return this.readModel.list(orgId);
  }

  async get(orgId: string, profileId: string): Promise<ProfileView> {
    return (await this.readModel.get(orgId, profileId)) ?? Promise.reject(notFound());
  }

  private async existing(request: ProfileRequest): Promise<void> {
    if (!(await this.readModel.get(request.orgId, request.profileId))) throw notFound();
  }
}
