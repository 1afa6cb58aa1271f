import type { TokensEventPayloads } from '@coffer/contracts';
import { assertNever, type Decider, type EventOf as DomainEvent } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

export type ApiTokenCommand =
  | {
      type: 'CreateApiToken';
      name: string;
      ownerId: string;
      ownerEmail: string;
      expiresAt: Date;
      lastFour: string;
      now: Date;
      maxLifetimeMs: number;
    }
  | { type: 'RevokeApiToken' }
  | { type: 'ExpireApiToken'; now: Date };

type EventOf<Type extends keyof TokensEventPayloads> = DomainEvent<TokensEventPayloads, Type>;

export type ApiTokenEvent =
  | EventOf<'tokens.api-token.created'>
  | EventOf<'tokens.api-token.revoked'>
  | EventOf<'tokens.api-token.expired'>;

export type ApiTokenState =
  | { status: 'absent' }
  | {
      status: 'active' | 'revoked' | 'expired';
      name: string;
      ownerId: string;
      ownerEmail: string;
      expiresAt: Date;
    };

const SCHEMA_VERSION = 1;

/** An administrator's API token: usable with their email until it expires or is revoked. */
export const apiTokenDecider: Decider<ApiTokenCommand, ApiTokenState, ApiTokenEvent> = {
  aggregateType: 'api-token',
  initialState: () => ({ status: 'absent' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'tokens.api-token.created': {
        const { name, ownerId, ownerEmail, expiresAt } = event.payload;
        return { status: 'active', name, ownerId, ownerEmail, expiresAt: new Date(expiresAt) };
      }
      case 'tokens.api-token.revoked':
        return state.status === 'absent' ? state : { ...state, status: 'revoked' };
      case 'tokens.api-token.expired':
        return state.status === 'absent' ? state : { ...state, status: 'expired' };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'CreateApiToken': {
        if (state.status !== 'absent') throw new ServiceError('api-token-exists');
        if (command.expiresAt.getTime() <= command.now.getTime()) {
          throw new ServiceError('invalid-expiry');
        }
        if (command.expiresAt.getTime() - command.now.getTime() > command.maxLifetimeMs) {
          const days = Math.round(command.maxLifetimeMs / 86_400_000);
          throw new ServiceError(
            'invalid-expiry',
            `A token can live at most ${days} days; choose an earlier expiry date.`,
          );
        }
        const { name, ownerId, ownerEmail, expiresAt, lastFour } = command;
        return [
          {
            type: 'tokens.api-token.created',
            schemaVersion: SCHEMA_VERSION,
            payload: { name, ownerId, ownerEmail, expiresAt: expiresAt.toISOString(), lastFour },
          },
        ];
      }
      case 'RevokeApiToken':
        if (state.status === 'absent') throw new ServiceError('api-token-not-found');
        if (state.status !== 'active') return [];
        return [
          {
            type: 'tokens.api-token.revoked',
            schemaVersion: SCHEMA_VERSION,
            payload: { name: state.name, ownerEmail: state.ownerEmail },
          },
        ];
      case 'ExpireApiToken':
        if (state.status !== 'active' || state.expiresAt > command.now) return [];
        return [
          {
            type: 'tokens.api-token.expired',
            schemaVersion: SCHEMA_VERSION,
            payload: {
              name: state.name,
              ownerEmail: state.ownerEmail,
              expiresAt: state.expiresAt.toISOString(),
            },
          },
        ];
      default:
        return assertNever(command);
    }
  },
};
