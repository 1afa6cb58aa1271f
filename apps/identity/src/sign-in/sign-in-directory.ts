import type { mongo } from 'mongoose';

import type {
  AdministratorRole,
  OrganizationMfaPolicyChangedPayload,
  SsoEnforcement,
} from '@coffer/contracts';
import { writeVersioned } from '@coffer/service-kit';

import type { MfaDocument } from '../mfa/mfa-store';

/** The collection of sign-in documents, lockout counters of client addresses included. */
export const SIGN_IN_COLLECTION = 'sign_in';

/** An account as its events left it, as much of it as sign-in and a session need. */
export interface AccountFacts {
  kind: 'user' | 'administrator';
  id: string;
  orgId: string;
  email: string;
  name: string;
  /** A user's `active | disabled | preserved`, an administrator's `active | disabled`. */
  status: string;
  profileId: string | null;
  role?: AdministratorRole;
}

/** The organisation's single sign-on rule, at the organisation's version it was read at. */
export interface SsoPolicy {
  configured: boolean;
  justInTimeProvisioning: boolean;
  enforcement: SsoEnforcement;
  /**
   * The organisation's MFA policy, for administrators and end users (absent in copies made
   * before it existed; the end-user rule absent in copies made before that one).
   */
  administratorMfa?: OrganizationMfaPolicyChangedPayload;
  version: number;
}

/** The rules of a user's profile (the default profile's when none is assigned), at its version. */
export interface AccessPolicy {
  profileId: string;
  allowWebRestore: boolean;
  allowShare: boolean;
  version: number;
}

export interface SignInDocument {
  /** `signInKey(surface, email)`, or `addressKey(ip)` for a client address's counter. */
  _id: string;
  /** Absent until the account's creation was projected (and for emails nobody has). */
  account?: AccountFacts;
  /** The account aggregate's version `account` reflects. */
  version?: number;
  /**
   * The password hash, stored before the events that promise it. It names the account it was
   * set for, so a hash left by a creation that failed never lets anyone into a later account.
   */
  credential?: { accountId: string; hash: string; updatedAt: Date };
  /** Copies of the organisation's and the profile's rules, kept current by fan-outs. */
  sso?: SsoPolicy;
  access?: AccessPolicy;
  /** The administrator's second factor (secrets encrypted or hashed; see MfaStore). */
  mfa?: MfaDocument;
  /** Consecutive failed sign-ins with this key (see FailedAttempts). */
  failures?: number;
  lockedUntil?: Date | null;
  updatedAt?: Date;
}

/**
 * Everything a password or SAML sign-in reads, in one document found by `_id`: the account, its
 * password hash, its lockout counter and the organisation's and profile's rules that apply to it.
 * The account part is projected from the account's events (like the users and administrators
 * read models); the rules part is a copy of identity's organisation and profile-access documents,
 * written when the account is created or moves profile and pushed to every account of an
 * organisation (or profile) when those change, which is rare and may scan.
 */
export class SignInDirectory {
  readonly documents: mongo.Collection<SignInDocument>;

  constructor(db: mongo.Db) {
    this.documents = db.collection<SignInDocument>(SIGN_IN_COLLECTION);
  }

  /** What the fan-outs select by; MongoDB serves them from these, the other engines scan. */
  async ensureIndexes(): Promise<void> {
    await this.documents.createIndex({ 'account.orgId': 1 });
    await this.documents.createIndex({ 'access.profileId': 1 });
  }

  async get(key: string): Promise<SignInDocument | undefined> {
    return (await this.documents.findOne({ _id: key })) ?? undefined;
  }

  /**
   * Several documents of the collection in one read by `_id`, in the order of `keys` (absent
   * keys and missing documents as undefined): a password sign-in reads its own document and
   * its client address's lockout counter in one round trip.
   */
  async getEach(keys: readonly (string | undefined)[]): Promise<(SignInDocument | undefined)[]> {
    const wanted = keys.filter((key): key is string => key !== undefined);
    if (wanted.length === 0) return keys.map(() => undefined);
    // One key is a findOne, as a sign-in without a client address has always been.
    const found =
      wanted.length === 1
        ? [await this.get(wanted[0])]
        : await this.documents.find({ _id: { $in: wanted } }).toArray();
    const byKey = new Map(
      found.flatMap((document) => (document ? [[document._id, document] as const] : [])),
    );
    return keys.map((key) => (key === undefined ? undefined : byKey.get(key)));
  }

  /** The account part at `version`; false when a newer version had been written (see writeVersioned). */
  saveAccount(key: string, account: AccountFacts, version: number): Promise<boolean> {
    return writeVersioned(this.documents, key, version, { account });
  }

  async setCredential(key: string, accountId: string, hash: string): Promise<void> {
    await this.documents.updateOne(
      { _id: key },
      { $set: { credential: { accountId, hash, updatedAt: new Date() } } },
      { upsert: true },
    );
  }

  /**
   * Writes copies of rules, and answers the copies they replaced: where one was newer, a fan-out
   * got there first and the caller reads that source again.
   */
  async stamp(
    key: string,
    policy: Pick<SignInDocument, 'sso' | 'access'>,
  ): Promise<Pick<SignInDocument, 'sso' | 'access'> | undefined> {
    const before = await this.documents.findOneAndUpdate(
      { _id: key },
      { $set: policy },
      // No projection: FerretDB 1.24 refuses findAndModify with `fields`.
      { returnDocument: 'before' },
    );
    return before ? { sso: before.sso, access: before.access } : undefined;
  }

  /** The organisation's new SSO rule, to every one of its accounts that has an older copy. */
  async fanOutSso(orgId: string, sso: SsoPolicy): Promise<void> {
    await this.documents.updateMany(
      { 'account.orgId': orgId, 'sso.version': { $lt: sso.version } },
      { $set: { sso } },
    );
  }

  /** A profile's new rules, to every account of the organisation in that profile with an older copy. */
  async fanOutAccess(orgId: string, access: AccessPolicy): Promise<void> {
    await this.documents.updateMany(
      {
        'account.orgId': orgId,
        'access.profileId': access.profileId,
        'access.version': { $lt: access.version },
      },
      { $set: { access } },
    );
  }
}
