import { randomUUID } from 'node:crypto';

import {
  defaultProfileId,
  type ChangeAccessRequest,
  type CommandContext,
  type CreateProfileRequest,
  type ProfileRequest,
  type ProfileView,
  type RenameProfileRequest,
} from '@coffer/contracts';
import { ConcurrencyError, type AggregateRepository } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

import { DEFAULT_PROFILE } from './default-profile';
import type { ProfileCommand, ProfileEvent, ProfileState } from './profile.decider';
import type { ProfilesReadModel } from './profiles-read-model';

const notFound = () =>
  new ServiceError('profile-not-found', 'There is no such profile in your organisation.');

export class ProfilesService {
  constructor(
    private readonly profiles: AggregateRepository<ProfileCommand, ProfileState, ProfileEvent>,
    private readonly readModel: ProfilesReadModel,
    private readonly onAppended: () => void,
  ) {}

  /** Creates the organisation's default profile once; a redelivered event finds it there. */
  async ensureDefaultProfile(orgId: string, context: CommandContext): Promise<void> {
    const id = defaultProfileId(orgId);
    try {
      await this.handle(
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
      );
    } catch (error) {
      const exists =
        error instanceof ConcurrencyError ||
        (error instanceof ServiceError && error.code === 'profile-exists');
      if (!exists) throw error;
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
    await this.handle(
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
    await this.handle(
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
    await this.handle(
      request.profileId,
      request.orgId,
      { type: 'ChangeAccessSettings', access: { allowWebRestore, allowShare } },
      request.context,
    );
    return (await this.readModel.get(request.orgId, request.profileId)) as ProfileView;
  }

  async delete(request: ProfileRequest): Promise<{ deleted: true }> {
    await this.existing(request);
    const memberCount = await this.readModel.memberCount(request.orgId, request.profileId);
    await this.handle(
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

  private async handle(
    id: string,
    orgId: string,
    command: ProfileCommand,
    context: CommandContext,
  ) {
    const { events } = await this.profiles.handle(id, orgId, command, context);
    for (const event of events) await this.readModel.apply(event);
    if (events.length > 0) this.onAppended();
  }
}
