import { z } from 'zod';

import type { SignInSurface } from '../../events/auth-events';
import { commandContextSchema, orgIdSchema } from '../common-schemas';
import { defineMessage } from '../message-definition';
import type { SignInHistoryEntry } from './users-messages';

/** How a session was started. */
export type SessionMethod = 'password' | 'sso' | 'passkey';

/** One live session of an account, as its owner or a cloud administrator sees it. */
export interface SessionView {
  /** The short id of the session (a prefix of its token's hash): enough to revoke it. */
  id: string;
  surface: SignInSurface;
  /** Absent on sessions started before the method was recorded. */
  method?: SessionMethod;
  createdAt: string;
  lastSeenAt: string;
  /** When it ends at the latest (the idle limit may end it before). */
  expiresAt: string;
  ip?: string;
  userAgent?: string;
  /** The session this request was made with. */
  current: boolean;
}

export interface AccountSessions {
  accountId: string;
  kind: 'administrator' | 'user';
  email: string;
  sessions: SessionView[];
}

/** An account's recent sign-in attempts, for its owner or a cloud administrator. */
export interface AccountSignIns {
  accountId: string;
  kind: 'administrator' | 'user';
  email: string;
  /** Newest first; the most recent ones only (see `SIGN_IN_HISTORY_KEPT`). */
  entries: SignInHistoryEntry[];
}

const accountIdSchema = z.string().min(1).max(100);

/** The caller, and the account whose sessions they ask for (their own, or any for a cloud admin). */
const accountSessionsSchema = z.object({
  context: commandContextSchema,
  orgId: orgIdSchema,
  accountId: accountIdSchema,
  /** The session of the request, so the list can mark it. */
  currentSessionId: z.string().max(100).optional(),
});

const accessErrors = ['invalid-request', 'forbidden', 'account-not-found'] as const;

export const SessionsMessages = {
  list: defineMessage<AccountSessions>()({
    service: 'identity',
    pattern: 'identity.sessions.list',
    request: accountSessionsSchema,
    errors: [...accessErrors],
  }),
  /** Ends one session at once: its cookie stops working on the next request. */
  revoke: defineMessage<{ revoked: number }>()({
    service: 'identity',
    pattern: 'identity.sessions.revoke',
    request: accountSessionsSchema.extend({ sessionId: z.string().min(1).max(100) }),
    errors: [...accessErrors, 'session-not-found'],
  }),
  /** Ends every session of the account, the caller's own included if it is theirs. */
  revokeAll: defineMessage<{ revoked: number }>()({
    service: 'identity',
    pattern: 'identity.sessions.revoke-all',
    request: accountSessionsSchema,
    errors: [...accessErrors],
  }),
  /**
   * The account's recent sign-in attempts, under the same rules as its sessions: an
   * administrator's own, or any account of the organisation for a cloud administrator.
   */
  signIns: defineMessage<AccountSignIns>()({
    service: 'identity',
    pattern: 'identity.sessions.sign-ins',
    request: accountSessionsSchema.omit({ currentSessionId: true }),
    errors: [...accessErrors],
  }),
};

export type ListSessionsRequest = z.output<typeof SessionsMessages.list.request>;
export type RevokeSessionRequest = z.output<typeof SessionsMessages.revoke.request>;
export type AccountSignInsRequest = z.output<typeof SessionsMessages.signIns.request>;
export type RevokeAllSessionsRequest = z.output<typeof SessionsMessages.revokeAll.request>;
