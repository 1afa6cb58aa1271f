import { deciderSpecification } from '@coffer/testing';

import { type ApiTokenCommand, apiTokenDecider, type ApiTokenEvent } from './api-token.decider';

const { given } = deciderSpecification(apiTokenDecider);

const DAY = 86_400_000;
const now = new Date('2026-11-23T08:00:00.000Z');
const expiresAt = new Date(now.getTime() + 30 * DAY);

const create: ApiTokenCommand = {
  type: 'CreateApiToken',
  name: 'PST downloads',
  ownerId: 'admin-1',
  ownerEmail: 'ada@example.com',
  expiresAt,
  lastFour: 'abcd',
  now,
  maxLifetimeMs: 365 * DAY,
};
const created: ApiTokenEvent = {
  type: 'tokens.api-token.created',
  schemaVersion: 1,
  payload: {
    name: 'PST downloads',
    ownerId: 'admin-1',
    ownerEmail: 'ada@example.com',
    expiresAt: expiresAt.toISOString(),
    lastFour: 'abcd',
  },
};
const revoked: ApiTokenEvent = {
  type: 'tokens.api-token.revoked',
  schemaVersion: 1,
  payload: { name: 'PST downloads', ownerEmail: 'ada@example.com' },
};
const expired: ApiTokenEvent = {
  type: 'tokens.api-token.expired',
  schemaVersion: 1,
  payload: {
    name: 'PST downloads',
    ownerEmail: 'ada@example.com',
    expiresAt: expiresAt.toISOString(),
  },
};

describe('API token decider', () => {
  describe('CreateApiToken', () => {
    it('creates a token that carries only the last four characters of its secret', () => {
      given().when(create).then(created);
    });

    it('refuses an expiry that is not in the future', () => {
      given()
        .when({ ...create, expiresAt: now })
        .thenThrows('invalid-expiry', 'Choose an expiry date in the future.');
    });

    it('refuses an expiry beyond the longest lifetime, naming it in days', () => {
      given()
        .when({ ...create, expiresAt: new Date(now.getTime() + 366 * DAY) })
        .thenThrows('invalid-expiry', 'A token can live at most 365 days');
    });

    it('accepts an expiry of exactly the longest lifetime', () => {
      const longest = new Date(now.getTime() + 365 * DAY);
      given()
        .when({ ...create, expiresAt: longest })
        .then({ ...created, payload: { ...created.payload, expiresAt: longest.toISOString() } });
    });

    it('refuses a second token with the same id', () => {
      given(created).when(create).thenThrows('api-token-exists');
    });
  });

  describe('RevokeApiToken', () => {
    it('revokes an active token', () => {
      given(created).when({ type: 'RevokeApiToken' }).then(revoked);
    });

    it('does nothing to a token already revoked or expired', () => {
      given(created, revoked).when({ type: 'RevokeApiToken' }).then();
      given(created, expired).when({ type: 'RevokeApiToken' }).then();
    });

    it('refuses a token that does not exist', () => {
      given().when({ type: 'RevokeApiToken' }).thenThrows('api-token-not-found');
    });
  });

  describe('ExpireApiToken', () => {
    it('records the expiry once its date has passed', () => {
      given(created)
        .when({ type: 'ExpireApiToken', now: new Date(expiresAt.getTime() + 1) })
        .then(expired);
      given(created).when({ type: 'ExpireApiToken', now: expiresAt }).then(expired);
    });

    it('does nothing before the date, or to a token no longer active', () => {
      given(created).when({ type: 'ExpireApiToken', now }).then();
      const later = new Date(expiresAt.getTime() + DAY);
      given(created, revoked).when({ type: 'ExpireApiToken', now: later }).then();
      given(created, expired).when({ type: 'ExpireApiToken', now: later }).then();
      given().when({ type: 'ExpireApiToken', now: later }).then();
    });
  });
});
