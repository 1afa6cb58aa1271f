import {
  IDENTITY_EVENT_SCHEMA_VERSION,
  type IdentityEventPayloads,
  type MfaEnrolledPayload,
  type MfaResetPayload,
  type RecoveryCodesRegeneratedPayload,
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
  | { type: 'ResendInvitation'; passwordSet: boolean }
  /** Identity stored the factor first; the events say only that there is one, never a secret. */
  | { type: 'RecordMfaEnrolment'; recoveryCodes: number }
  | { type: 'ResetMfa' }
  | { type: 'RegenerateRecoveryCodes'; recoveryCodes: number };

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
    }
  | { type: 'identity.user.mfa-enrolled'; schemaVersion: number; payload: MfaEnrolledPayload }
  | { type: 'identity.user.mfa-reset'; schemaVersion: number; payload: MfaResetPayload }
  | {
      type: 'identity.user.recovery-codes-regenerated';
      schemaVersion: number;
      payload: RecoveryCodesRegeneratedPayload;
    };

export type UserState =
  | { exists: false }
  | { exists: true; email: string; name: string; status: UserStatus; profileId: string | null };

const userNotFound = () =>
  new ServiceError('user-not-found', 'There is no such user in your organisation.');

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
      // Sign-in trusts the sign-in document's factor, not a copy in the aggregate.
      case 'identity.user.invitation-resent':
      case 'identity.user.mfa-enrolled':
      case 'identity.user.mfa-reset':
      case 'identity.user.recovery-codes-regenerated':
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
      case 'RecordMfaEnrolment':
        if (!state.exists || state.status !== 'active') throw userNotFound();
        return [
          {
            type: 'identity.user.mfa-enrolled',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { method: 'totp', recoveryCodes: command.recoveryCodes },
          },
        ];
      case 'ResetMfa':
        // Recorded even when no factor is known: a reset cut short before clearing the sign-in
        // document's secret is done again.
        if (!state.exists) throw userNotFound();
        return [
          {
            type: 'identity.user.mfa-reset',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: {},
          },
        ];
      case 'RegenerateRecoveryCodes':
        if (!state.exists || state.status !== 'active') throw userNotFound();
        return [
          {
            type: 'identity.user.recovery-codes-regenerated',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { recoveryCodes: command.recoveryCodes },
          },
        ];
      default:
        return assertNever(command);
    }
  },
};
