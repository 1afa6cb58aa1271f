import type {
  AccountSessions as AccountSessionList,
  AccountSignIns,
  AccountSignInsRequest,
  CommandContext,
  ListSessionsRequest,
  RevokeAllSessionsRequest,
  RevokeSessionRequest,
  SessionRevocationReason,
  SessionView,
} from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import type { IdentityReadModel } from '../shared/identity-read-model';
import type { Session, Sessions } from '../sign-in/sessions';
import type { SignInHistory } from '../sign-in-history/sign-in-history';
import type { SessionRevocationLog } from './session-revocation-log';

/** An administrator or a user, as far as their sessions are concerned. */
export interface SessionAccount {
  id: string;
  kind: 'administrator' | 'user';
  orgId: string;
  email: string;
}

/**
 * An account's sessions and recent sign-ins: listed (and sessions ended) by the account's own
 * administrator, or by a cloud administrator of its organisation for any account there. Another
 * organisation's account reads as not found. Every revocation is an event with its actor.
 */
export class AccountSessions {
  constructor(
    private readonly readModel: IdentityReadModel,
    private readonly sessions: Sessions,
    private readonly revocations: SessionRevocationLog,
    private readonly history: SignInHistory,
  ) {}

  async list(request: ListSessionsRequest): Promise<AccountSessionList> {
    const account = await this.accountFor(request);
    const sessions = await this.sessions.liveOf(account.id);
    return {
      accountId: account.id,
      kind: account.kind,
      email: account.email,
      sessions: sessions.map((session) => viewOf(session, request.currentSessionId)),
    };
  }

  async signIns(request: AccountSignInsRequest): Promise<AccountSignIns> {
    const account = await this.accountFor(request);
    return {
      accountId: account.id,
      kind: account.kind,
      email: account.email,
      entries: await this.history.of(account.orgId, account.id),
    };
  }

  async revoke(request: RevokeSessionRequest): Promise<{ revoked: number }> {
    const account = await this.accountFor(request);
    const session = await this.sessions.endOne(account.id, request.sessionId);
    if (!session) {
      throw new ServiceError('session-not-found', 'There is no such session; it may have ended.');
    }
    await this.recordRevocation(account, [session], 'one', 'revoked', request.context);
    return { revoked: 1 };
  }

  async revokeAll(request: RevokeAllSessionsRequest): Promise<{ revoked: number }> {
    const account = await this.accountFor(request);
    return { revoked: await this.endAllOf(account, 'revoked', request.context) };
  }

  /**
   * Ends every session of an account and records it: after a password reset, an MFA reset, or
   * on request. The sessions end before the event is stored, so a crash in between leaves
   * sessions ended without their event, never an event promising an end that did not happen.
   * Returns how many there were.
   */
  async endAllOf(
    account: SessionAccount,
    reason: SessionRevocationReason,
    context: CommandContext,
  ): Promise<number> {
    const sessions = await this.sessions.liveOf(account.id);
    await this.sessions.endAllOf(account.id);
    await this.recordRevocation(account, sessions, 'all', reason, context);
    return sessions.length;
  }

  /** The account asked for, if the caller may see its sessions. */
  private async accountFor(
    request: ListSessionsRequest | AccountSignInsRequest,
  ): Promise<SessionAccount> {
    const actorId = request.context.actor.id;
    const actor = actorId ? await this.readModel.administratorById(actorId) : undefined;
    if (!actor || actor.orgId !== request.orgId || actor.status !== 'active') {
      throw new ServiceError('forbidden', 'Only an administrator can manage sessions.');
    }
    if (request.accountId === actor.id) {
      return { id: actor.id, kind: 'administrator', orgId: actor.orgId, email: actor.email };
    }
    if (actor.role !== 'cloud-administrator') {
      throw new ServiceError(
        'forbidden',
        "Only a cloud administrator can manage another account's sessions.",
      );
    }
    const account = await this.accountById(request.accountId);
    if (!account || account.orgId !== request.orgId) {
      throw new ServiceError(
        'account-not-found',
        'There is no such administrator or user in your organisation.',
      );
    }
    return account;
  }

  private async accountById(id: string): Promise<SessionAccount | undefined> {
    const administrator = await this.readModel.administratorById(id);
    if (administrator) {
      return { id, kind: 'administrator', orgId: administrator.orgId, email: administrator.email };
    }
    const user = await this.readModel.userById(id);
    return user ? { id, kind: 'user', orgId: user.orgId, email: user.email } : undefined;
  }

  private recordRevocation(
    account: SessionAccount,
    sessions: Session[],
    scope: 'one' | 'all',
    reason: SessionRevocationReason,
    context: CommandContext,
  ): Promise<void> {
    return this.revocations.record(
      account.orgId,
      {
        accountId: account.id,
        accountKind: account.kind,
        accountEmail: account.email,
        sessions: sessions.map((session) => ({ id: session.id, surface: session.surface })),
        scope,
        reason,
      },
      context,
    );
  }
}

function viewOf(session: Session, currentSessionId: string | undefined): SessionView {
  return {
    id: session.id,
    surface: session.surface,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    ...(session.method ? { method: session.method } : {}),
    ...(session.ip ? { ip: session.ip } : {}),
    ...(session.userAgent ? { userAgent: session.userAgent } : {}),
    current: session.id === currentSessionId,
  };
}
