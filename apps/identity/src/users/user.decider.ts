import {
  IDENTITY_EVENT_SCHEMA_VERSION,
  type IdentityEventPayloads,
  type UserCreatedPayload,
  type UserStatus,
  type UserStatusChangedPayload,
} from '@coffer/contracts';
import { assertNever, type Decider } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

export type UserCommand =
  | {
      type: 'CreateUser';
      email: string;
      name: string;
      profileId: string | null;
      hasPassword: boolean;
    }
  | { type: 'ActivateUser' }
  | { type: 'DisableUser' }
  | { type: 'PreserveUser' }
  | { type: 'AssignProfile'; profileId: string }
  /** `passwordSet`: what the user's sign-in document says (a chosen password is not an event). */
  | { type: 'ResendInvitation'; passwordSet: boolean };

export type UserEvent =
  | { type: 'identity.user.created'; schemaVersion: number; payload: UserCreatedPayload }
  | { type: 'identity.user.activated'; schemaVersion: number; payload: UserStatusChangedPayload }
  | { type: 'identity.user.disabled'; schemaVersion: number; payload: UserStatusChangedPayload }
  | { type: 'identity.user.preserved'; schemaVersion: number; payload: UserStatusChangedPayload }
  | {
      type: 'identity.user.profile-assigned';
      schemaVersion: number;
      payload: IdentityEventPayloads['identity.user.profile-assigned'];
    }
  | {
      type: 'identity.user.invitation-resent';
      schemaVersion: number;
      payload: IdentityEventPayloads['identity.user.invitation-resent'];
    };

export type UserState =
  | { exists: false }
  | { exists: true; email: string; name: string; status: UserStatus; profileId: string | null };

const STATUS_CHANGES = {
  ActivateUser: { to: 'active', event: 'identity.user.activated', label: 'active' },
  DisableUser: { to: 'disabled', event: 'identity.user.disabled', label: 'disabled' },
  PreserveUser: { to: 'preserved', event: 'identity.user.preserved', label: 'preserved' },
} as const;

/**
 * An end user. Disabled and preserved users keep their data and their account but cannot
 * sign in; an administrator activates them again.
 */
export const userDecider: Decider<UserCommand, UserState, UserEvent> = {
  aggregateType: 'user',
  initialState: () => ({ exists: false }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'identity.user.created':
        return {
          exists: true,
          email: event.payload.email,
          name: event.payload.name,
          status: 'active',
          profileId: event.payload.profileId,
        };
      case 'identity.user.activated':
        return state.exists ? { ...state, status: 'active' } : state;
      case 'identity.user.disabled':
        return state.exists ? { ...state, status: 'disabled' } : state;
      case 'identity.user.preserved':
        return state.exists ? { ...state, status: 'preserved' } : state;
      case 'identity.user.profile-assigned':
        return state.exists ? { ...state, profileId: event.payload.profileId } : state;
      case 'identity.user.invitation-resent':
        return state;
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'CreateUser': {
        if (state.exists)
          throw new ServiceError('user-exists', 'A user with this email address already exists.');
        const { email, name, profileId, hasPassword } = command;
        return [
          {
            type: 'identity.user.created',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { email, name, profileId, hasPassword },
          },
        ];
      }
      case 'ActivateUser':
      case 'DisableUser':
      case 'PreserveUser': {
        if (!state.exists) throw new ServiceError('user-not-found', 'This user does not exist.');
        const change = STATUS_CHANGES[command.type];
        if (state.status === change.to) {
          throw new ServiceError('user-status-unchanged', `This user is already ${change.label}.`);
        }
        return [
          {
            type: change.event,
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { previousStatus: state.status },
          },
        ];
      }
      case 'AssignProfile':
        if (!state.exists) throw new ServiceError('user-not-found', 'This user does not exist.');
        if (state.profileId === command.profileId) return [];
        return [
          {
            type: 'identity.user.profile-assigned',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { profileId: command.profileId, previousProfileId: state.profileId },
          },
        ];
      case 'ResendInvitation':
        if (!state.exists) throw new ServiceError('user-not-found', 'This user does not exist.');
        if (state.status !== 'active') {
          throw new ServiceError(
            'user-not-active',
            `This user is ${state.status}; activate them before sending an invitation.`,
          );
        }
        if (command.passwordSet) {
          throw new ServiceError(
            'user-password-already-set',
            'This user has already chosen a password; there is no invitation to send again.',
          );
        }
        return [
          {
            type: 'identity.user.invitation-resent',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: {},
          },
        ];
      default:
        return assertNever(command);
    }
  },
};
