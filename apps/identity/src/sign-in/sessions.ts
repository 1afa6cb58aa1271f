import { createHash, randomBytes } from 'node:crypto';

import type { mongo } from 'mongoose';

import type { SessionMethod, SignInSurface } from '@coffer/contracts';

export interface SessionDocument {
  /** SHA-256 of the session token: a stolen database does not yield usable cookies. */
  _id: string;
  surface: SignInSurface;
  kind: 'user' | 'administrator';
  accountId: string;
  orgId: string;
  /** The account's sign-in document: the one read that tells a request whether it is still active. */
  signInKey: string;
  createdAt: Date;
  /** The last sign-in or second factor of this session (step-up); absent in older sessions. */
  authenticatedAt?: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** For the account's session list; absent on sessions started before it was recorded. */
  method?: SessionMethod;
  ip?: string;
  userAgent?: string;
}

export type Session = Omit<SessionDocument, '_id'> & { id: string };

/** Refresh `lastSeenAt` at most this often, so a busy session does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Server-side sessions: the browser holds a random token, the database its hash. A session
 * ends on sign-out, after `idleMs` without a request, and `maxMs` after sign-in in any case.
 */
export class Sessions {
  private readonly sessions: mongo.Collection<SessionDocument>;

  constructor(
    db: mongo.Db,
    private readonly limits: { idleMs: number; maxMs: number },
    private readonly now: () => Date = () => new Date(),
  ) {
    this.sessions = db.collection<SessionDocument>('sessions');
  }

  /** Serves `endAllOf` on MongoDB; nothing on a request's path needs it. */
  async ensureIndexes(): Promise<void> {
    await this.sessions.createIndex({ accountId: 1 });
  }

  async start(
    fields: Pick<SessionDocument, 'surface' | 'kind' | 'accountId' | 'orgId' | 'signInKey'> &
      Pick<SessionDocument, 'method' | 'ip' | 'userAgent'>,
  ): Promise<{ token: string; id: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const id = hashToken(token);
    await this.sessions.insertOne({
      _id: id,
      ...fields,
      createdAt: now,
      authenticatedAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.limits.maxMs),
    });
    return { token, id: id.slice(0, 16) };
  }

  /** The live session of a token, touched; undefined (and deleted) when it has expired. */
  async resolve(token: string): Promise<Session | undefined> {
    const id = hashToken(token);
    const document = await this.sessions.findOne({ _id: id });
    if (!document) return undefined;
    const now = this.now();
    const idleDeadline = document.lastSeenAt.getTime() + this.limits.idleMs;
    if (now >= document.expiresAt || now.getTime() >= idleDeadline) {
      await this.sessions.deleteOne({ _id: id });
      return undefined;
    }
    if (now.getTime() - document.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.sessions.updateOne({ _id: id }, { $set: { lastSeenAt: now } });
    }
    const { _id, ...rest } = document;
    return { id: _id.slice(0, 16), ...rest };
  }

  /** The person proved themself again in this session (password or second factor). */
  async markAuthenticated(token: string): Promise<void> {
    await this.sessions.updateOne(
      { _id: hashToken(token) },
      { $set: { authenticatedAt: this.now() } },
    );
  }

  async end(token: string): Promise<void> {
    await this.sessions.deleteOne({ _id: hashToken(token) });
  }

  /** Ends every session of an account, on every surface (after its password changed). */
  async endAllOf(accountId: string): Promise<void> {
    await this.sessions.deleteMany({ accountId });
  }

  /** The live sessions of an account, oldest first: its session list, never a request's path. */
  async liveOf(accountId: string): Promise<Session[]> {
    const now = this.now().getTime();
    const documents = await this.sessions.find({ accountId }).toArray();
    return documents
      .filter(
        (document) =>
          now < document.expiresAt.getTime() &&
          now < document.lastSeenAt.getTime() + this.limits.idleMs,
      )
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map(({ _id, ...rest }) => ({ id: _id.slice(0, 16), ...rest }));
  }

  /** Ends the session of this account with this short id: the session, or undefined if none. */
  async endOne(accountId: string, id: string): Promise<Session | undefined> {
    const documents = await this.sessions.find({ accountId }).toArray();
    const match = documents.find((document) => document._id.slice(0, 16) === id);
    if (!match || (await this.sessions.deleteOne({ _id: match._id })).deletedCount !== 1) {
      return undefined;
    }
    const { _id, ...rest } = match;
    return { id, ...rest };
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
