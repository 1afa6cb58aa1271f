import {
  IDENTITY_EVENT_SCHEMA_VERSION,
  type AdministratorCreatedPayload,
  type AdministratorFailSafePasswordSetPayload,
  type AdministratorRole,
} from '@coffer/contracts';
import { assertNever, type Decider } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

export type AdministratorCommand = {
  type: 'CreateAdministrator';
  email: string;
  name: string;
  role: AdministratorRole;
  withFailSafePassword: boolean;
};

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
    };

export type AdministratorState =
  | { exists: false }
  | {
      exists: true;
      email: string;
      name: string;
      role: AdministratorRole;
      hasFailSafePassword: boolean;
    };

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
        return { exists: true, ...event.payload, hasFailSafePassword: false };
      case 'identity.administrator.fail-safe-password-set':
        return state.exists ? { ...state, hasFailSafePassword: true } : state;
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
        if (!command.withFailSafePassword) return [created];
        return [
          created,
          {
            type: 'identity.administrator.fail-safe-password-set',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { reason: 'initial' },
          },
        ];
      }
      default:
        return assertNever(command.type);
    }
  },
};
