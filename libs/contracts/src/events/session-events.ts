import type { SignInSurface } from './auth-events';

/** Why sessions were ended other than by their own sign-out or expiry. */
export type SessionRevocationReason = 'revoked' | 'password-reset' | 'mfa-reset';

/**
 * Events of the `identity.auth` topic about sessions, each its own one-event stream (aggregate
 * type `session-revocation`); the actor is whoever ended them.
 */
export interface SessionEventPayloads {
  'identity.sessions.revoked': {
    accountId: string;
    accountKind: 'administrator' | 'user';
    accountEmail: string;
    /** The short ids the session list shows; never a token or its full hash. */
    sessions: { id: string; surface: SignInSurface }[];
    /** One session, or every session the account had. */
    scope: 'one' | 'all';
    reason: SessionRevocationReason;
  };
}

export type SessionEventType = keyof SessionEventPayloads;
