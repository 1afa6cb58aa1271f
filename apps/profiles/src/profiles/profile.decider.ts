import type { AccessSettings, DataSource, ProfilesEventPayloads } from '@coffer/contracts';
import { assertNever, type Decider, type EventOf as DomainEvent } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

export type ProfileCommand =
  | {
      type: 'CreateProfile';
      name: string;
      isDefault: boolean;
      access: AccessSettings;
      dataSources: DataSource[];
    }
  | { type: 'RenameProfile'; name: string }
  | { type: 'ChangeAccessSettings'; access: AccessSettings }
  | { type: 'DeleteProfile'; memberCount: number };

type EventOf<Type extends keyof ProfilesEventPayloads> = DomainEvent<ProfilesEventPayloads, Type>;

export type ProfileEvent =
  | EventOf<'profiles.profile.created'>
  | EventOf<'profiles.profile.renamed'>
  | EventOf<'profiles.profile.access-settings-changed'>
  | EventOf<'profiles.profile.deleted'>;

export type ProfileState =
  | { status: 'absent' }
  | { status: 'deleted' }
  | {
      status: 'active';
      name: string;
      isDefault: boolean;
      access: AccessSettings;
      dataSources: DataSource[];
    };

const SCHEMA_VERSION = 1;

const notFound = () => new ServiceError('profile-not-found');

/** A profile: a group of users and what they may do (User Privacy & Access, data sources). */
export const profileDecider: Decider<ProfileCommand, ProfileState, ProfileEvent> = {
  aggregateType: 'profile',
  initialState: () => ({ status: 'absent' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'profiles.profile.created': {
        const { name, isDefault, allowWebRestore, allowShare, dataSources } = event.payload;
        return {
          status: 'active',
          name,
          isDefault,
          access: { allowWebRestore, allowShare },
          dataSources,
        };
      }
      case 'profiles.profile.renamed':
        return state.status === 'active' ? { ...state, name: event.payload.name } : state;
      case 'profiles.profile.access-settings-changed': {
        const { allowWebRestore, allowShare } = event.payload;
        return state.status === 'active'
          ? { ...state, access: { allowWebRestore, allowShare } }
          : state;
      }
      case 'profiles.profile.deleted':
        return { status: 'deleted' };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    if (command.type === 'CreateProfile') {
      if (state.status !== 'absent') throw new ServiceError('profile-exists');
      const { name, isDefault, access, dataSources } = command;
      return [
        {
          type: 'profiles.profile.created',
          schemaVersion: SCHEMA_VERSION,
          payload: { name, isDefault, ...access, dataSources },
        },
      ];
    }
    if (state.status !== 'active') throw notFound();
    switch (command.type) {
      case 'RenameProfile':
        if (command.name === state.name) return [];
        return [
          {
            type: 'profiles.profile.renamed',
            schemaVersion: SCHEMA_VERSION,
            payload: { name: command.name, previousName: state.name },
          },
        ];
      case 'ChangeAccessSettings': {
        const { access } = command;
        if (
          access.allowWebRestore === state.access.allowWebRestore &&
          access.allowShare === state.access.allowShare
        ) {
          return [];
        }
        return [
          {
            type: 'profiles.profile.access-settings-changed',
            schemaVersion: SCHEMA_VERSION,
            payload: { ...access, previous: state.access },
          },
        ];
      }
      case 'DeleteProfile':
        if (state.isDefault) {
          throw new ServiceError('profile-is-default');
        }
        if (command.memberCount > 0) {
          throw new ServiceError(
            'profile-has-members',
            `This profile still has ${command.memberCount} user${command.memberCount === 1 ? '' : 's'}; move them to another profile first.`,
          );
        }
        return [
          {
            type: 'profiles.profile.deleted',
            schemaVersion: SCHEMA_VERSION,
            payload: { name: state.name },
          },
        ];
      default:
        return assertNever(command);
    }
  },
};
