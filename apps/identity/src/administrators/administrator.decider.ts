import {
  type AdministratorCreatedPayload,
  type AdministratorFailSafePasswordSetPayload,
  type AdministratorMfaEnrolledPayload,
  type AdministratorMfaResetPayload,
  type AdministratorPasskeyRegisteredPayload,
  type AdministratorPasskeyRemovedPayload,
  type AdministratorPasswordResetRequestedPayload,
  type AdministratorRole,
  type AdministratorRoleChangedPayload,
  IDENTITY_EVENT_SCHEMA_VERSION,
  type RecoveryCodesRegeneratedPayload,
} from '@coffer/contracts';
import { assertNever, type Decider } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

export type AdministratorCommand =
  | {
      type: 'CreateAdministrator';
      email: string;
      name: string;
      role: AdministratorRole;
      withFailSafePassword: boolean;
      /** Emailed a link to choose the fail-safe password (recorded with the creation). */
      invited?: boolean;
    }
  | { type: 'ChangeAdministratorRole'; role: AdministratorRole }
  | { type: 'DisableAdministrator' }
  | { type: 'EnableAdministrator' }
  | { type: 'RequestPasswordReset'; requestedBy: 'administrator' | 'self' }
  | { type: 'SetFailSafePassword' }
  | { type: 'RecordMfaEnrolment'; recoveryCodes: number }
  | { type: 'ResetMfa' }
  | { type: 'RegenerateRecoveryCodes'; recoveryCodes: number }
  | { type: 'RegisterPasskey'; passkeyId: string; name: string }
  | { type: 'RemovePasskey'; passkeyId: string };

export type AdministratorEvent =
  | {
      type: 'identity.administrator.created';
      schemaVersion: number;
      payload: AdministratorCreatedPayload;
    }
  | {
      type: 'identity.administrator.fail-safe-password-set';
      schemaVersion: number;
      payload: AdministratorFailSafePasswordSetPayload;
    }
  | {
      type: 'identity.administrator.password-reset-requested';
      schemaVersion: number;
      payload: AdministratorPasswordResetRequestedPayload;
    }
  | {
      type: 'identity.administrator.role-changed';
      schemaVersion: number;
      payload: AdministratorRoleChangedPayload;
    }
  | {
      type: 'identity.administrator.disabled';
      schemaVersion: number;
      payload: Record<string, never>;
    }
  | {
      type: 'identity.administrator.enabled';
      schemaVersion: number;
      payload: Record<string, never>;
    }
  | {
      type: 'identity.administrator.invited';
      schemaVersion: number;
      payload: Record<string, never>;
    }
  | {
      type: 'identity.administrator.mfa-enrolled';
      schemaVersion: number;
      payload: AdministratorMfaEnrolledPayload;
    }
  | {
      type: 'identity.administrator.mfa-reset';
      schemaVersion: number;
      payload: AdministratorMfaResetPayload;
    }
  | {
      type: 'identity.administrator.recovery-codes-regenerated';
      schemaVersion: number;
      payload: RecoveryCodesRegeneratedPayload;
    }
  | {
      type: 'identity.administrator.passkey-registered';
      schemaVersion: number;
      payload: AdministratorPasskeyRegisteredPayload;
    }
  | {
      type: 'identity.administrator.passkey-removed';
      schemaVersion: number;
      payload: AdministratorPasskeyRemovedPayload;
    };

export type AdministratorState =
  | { exists: false }
  | {
      exists: true;
      email: string;
      name: string;
      role: AdministratorRole;
      hasFailSafePassword: boolean;
      disabled: boolean;
      /** An authenticator app, as the events tell it; sign-in trusts the sign-in document. */
      mfaEnrolled: boolean;
      /** The account's passkeys by short id, as the events tell them. */
      passkeys: { id: string; name: string }[];
    };

/** An account keeps at most this many passkeys, so its sign-in document stays small. */
export const MAX_PASSKEYS = 10;

export const administratorDecider: Decider<
  AdministratorCommand,
  AdministratorState,
  AdministratorEvent
> = {
  aggregateType: 'administrator',
  initialState: () => ({ exists: false }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'identity.administrator.created':
        return {
          exists: true,
          ...event.payload,
          hasFailSafePassword: false,
          disabled: false,
          mfaEnrolled: false,
          passkeys: [],
        };
      case 'identity.administrator.fail-safe-password-set':
        return state.exists ? { ...state, hasFailSafePassword: true } : state;
      case 'identity.administrator.password-reset-requested':
        return state;
      case 'identity.administrator.role-changed':
        return state.exists ? { ...state, role: event.payload.role } : state;
      case 'identity.administrator.disabled':
        return state.exists ? { ...state, disabled: true } : state;
      case 'identity.administrator.enabled':
        return state.exists ? { ...state, disabled: false } : state;
      case 'identity.administrator.invited':
        return state;
      case 'identity.administrator.mfa-enrolled':
        return state.exists ? { ...state, mfaEnrolled: true } : state;
      case 'identity.administrator.mfa-reset':
        return state.exists ? { ...state, mfaEnrolled: false, passkeys: [] } : state;
      case 'identity.administrator.recovery-codes-regenerated':
        return state;
      case 'identity.administrator.passkey-registered':
        return state.exists
          ? {
              ...state,
              passkeys: [
                ...(state.passkeys ?? []).filter(
                  (passkey) => passkey.id !== event.payload.passkeyId,
                ),
                { id: event.payload.passkeyId, name: event.payload.name },
              ],
            }
          : state;
      case 'identity.administrator.passkey-removed':
        return state.exists
          ? {
              ...state,
              passkeys: (state.passkeys ?? []).filter(
                (passkey) => passkey.id !== event.payload.passkeyId,
              ),
            }
          : state;
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'CreateAdministrator': {
        if (state.exists)
          throw new ServiceError('administrator-exists', 'This administrator already exists.');
        const created: AdministratorEvent = {
          type: 'identity.administrator.created',
          schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
          payload: { email: command.email, name: command.name, role: command.role },
        };
        if (!command.withFailSafePassword) {
          if (!command.invited) return [created];
          return [
            created,
            {
              type: 'identity.administrator.invited',
              schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
              payload: {},
            },
          ];
        }
        return [
          created,
          {
            type: 'identity.administrator.fail-safe-password-set',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { reason: 'initial' },
          },
        ];
      }
      case 'ChangeAdministratorRole': {
        if (!state.exists) throw administratorNotFound();
        if (state.role === command.role) {
          throw new ServiceError(
            'administrator-unchanged',
            'The administrator already has this role.',
          );
        }
        return [
          {
            type: 'identity.administrator.role-changed',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { role: command.role, previousRole: state.role },
          },
        ];
      }
      case 'DisableAdministrator':
        if (!state.exists) throw administratorNotFound();
        if (state.disabled) {
          throw new ServiceError(
            'administrator-unchanged',
            'The administrator is already disabled.',
          );
        }
        return [
          {
            type: 'identity.administrator.disabled',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: {},
          },
        ];
      case 'EnableAdministrator':
        if (!state.exists) throw administratorNotFound();
        if (!state.disabled) {
          throw new ServiceError('administrator-unchanged', 'The administrator is already active.');
        }
        return [
          {
            type: 'identity.administrator.enabled',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: {},
          },
        ];
      case 'RequestPasswordReset':
        if (!state.exists || state.disabled) throw administratorNotFound();
        return [
          {
            type: 'identity.administrator.password-reset-requested',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { requestedBy: command.requestedBy },
          },
        ];
      case 'SetFailSafePassword':
        if (!state.exists || state.disabled) throw administratorNotFound();
        return [
          {
            type: 'identity.administrator.fail-safe-password-set',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { reason: 'reset' },
          },
        ];
      case 'RecordMfaEnrolment':
        if (!state.exists || state.disabled) throw administratorNotFound();
        return [
          {
            type: 'identity.administrator.mfa-enrolled',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { method: 'totp', recoveryCodes: command.recoveryCodes },
          },
        ];
      case 'ResetMfa':
        // Recorded even when the events knew no factor: the sign-in document's secret is what
        // protects, and a reset cut short before clearing it is done again.
        if (!state.exists) throw administratorNotFound();
        return [
          {
            type: 'identity.administrator.mfa-reset',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: {},
          },
        ];
      case 'RegenerateRecoveryCodes':
        if (!state.exists || state.disabled) throw administratorNotFound();
        return [
          {
            type: 'identity.administrator.recovery-codes-regenerated',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { recoveryCodes: command.recoveryCodes },
          },
        ];
      case 'RegisterPasskey': {
        if (!state.exists || state.disabled) throw administratorNotFound();
        const passkeys = state.passkeys ?? [];
        if (passkeys.some((passkey) => passkey.id === command.passkeyId))
          throw new ServiceError('passkey-exists', 'This passkey is already registered.');
        if (passkeys.length >= MAX_PASSKEYS)
          throw new ServiceError(
            'passkey-limit-reached',
            `An account has at most ${MAX_PASSKEYS} passkeys: remove one before adding another.`,
          );
        return [
          {
            type: 'identity.administrator.passkey-registered',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { passkeyId: command.passkeyId, name: command.name },
          },
        ];
      }
      case 'RemovePasskey': {
        if (!state.exists) throw administratorNotFound();
        const passkey = (state.passkeys ?? []).find(({ id }) => id === command.passkeyId);
        if (!passkey)
          throw new ServiceError('passkey-not-found', 'There is no such passkey on your account.');
        return [
          {
            type: 'identity.administrator.passkey-removed',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { passkeyId: passkey.id, name: passkey.name },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },
};

function administratorNotFound() {
  return new ServiceError(
    'administrator-not-found',
    'There is no such administrator in your organisation.',
  );
}
