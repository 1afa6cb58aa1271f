import type { mongo } from 'mongoose';

import type {
  AdministratorRole,
  AdministratorView,
  OrganizationMfaPolicyChangedPayload,
  OrganizationSsoConfiguredPayload,
  OrganizationView,
  SsoEnforcement,
  SsoSettingsView,
  UserSort,
  UsersPage,
  UsersPageRequest,
  UserStatus,
  UserView,
} from '@coffer/contracts';
import { writeVersioned } from '@coffer/service-kit';

import type { AdministratorState } from '../administrators/administrator.decider';
import type { OrganizationState } from '../organizations/organization.decider';
import type { UserState } from '../users/user.decider';

interface OrganizationDocument {
  _id: string;
  name: string;
  slug: string;
  sso?: OrganizationSsoConfiguredPayload | null;
  ssoEnforcement?: SsoEnforcement;
  administratorMfa?: OrganizationMfaPolicyChangedPayload;
  version: number;
}

interface AdministratorDocument {
  _id: string;
  orgId: string;
  email: string;
  name: string;
  role: AdministratorRole;
  status: 'active' | 'disabled';
  version: number;
}

interface UserDocument {
  _id: string;
  orgId: string;
  email: string;
  name: string;
  status: UserStatus;
  profileId: string | null;
  /** When the user was created; absent on users projected before it was recorded. */
  createdAt?: Date;
  version: number;
}

/** The field each sortable column of the Users table sorts by. */
const USER_SORT_FIELDS: Record<UserSort, keyof UserDocument> = {
  email: 'email',
  name: 'name',
  status: 'status',
  profile: 'profileId',
  created: 'createdAt',
};

/** The sort of a page of users: the column, then email (unique in an organisation) for a stable order. */
export function usersSortOf(sort: UserSort, order: 'asc' | 'desc'): Record<string, 1 | -1> {
  const direction = order === 'asc' ? 1 : -1;
  const field = USER_SORT_FIELDS[sort];
  return field === 'email' ? { email: direction } : { [field]: direction, email: 1 };
}

type Existing<State> = Extract<State, { exists: true }>;

/**
 * Identity's own read model, written right after each append so that a change is visible to
 * the very next request (read-your-writes). Each document is the state its aggregate reached,
 * written by `_id` alone with its version; `false` from a save says a newer command's state was
 * overtaken and the caller writes the latest again (see `projectLatest`).
 */
export class IdentityReadModel {
  readonly organizations: mongo.Collection<OrganizationDocument>;
  readonly administrators: mongo.Collection<AdministratorDocument>;
  readonly users: mongo.Collection<UserDocument>;

  constructor(db: mongo.Db) {
    this.organizations = db.collection<OrganizationDocument>('organizations');
    this.administrators = db.collection<AdministratorDocument>('administrators');
    this.users = db.collection<UserDocument>('users');
  }

  /** For the console's lists only; every other read is by `_id`. */
  async ensureIndexes(): Promise<void> {
    await this.organizations.createIndex({ slug: 1 }, { unique: true });
    await this.administrators.createIndex({ orgId: 1, email: 1 });
    await this.users.createIndex({ orgId: 1, email: 1 });
    // The Users table's other sortable columns, so MongoDB serves each page from an index.
    for (const field of ['name', 'status', 'profileId', 'createdAt'])
      await this.users.createIndex({ orgId: 1, [field]: 1, email: 1 });
  }

  saveOrganization(
    id: string,
    state: Existing<OrganizationState>,
    version: number,
  ): Promise<boolean> {
    return writeVersioned(this.organizations, id, version, {
      name: state.name,
      slug: state.slug,
      sso: state.sso,
      ssoEnforcement: state.enforcement,
      administratorMfa: state.administratorMfa,
    });
  }

  saveAdministrator(
    id: string,
    orgId: string,
    state: Existing<AdministratorState>,
    version: number,
  ): Promise<boolean> {
    return writeVersioned(this.administrators, id, version, {
      orgId,
      email: normalizeEmail(state.email),
      name: state.name,
      role: state.role,
      status: state.disabled ? 'disabled' : 'active',
    });
  }

  saveUser(
    id: string,
    orgId: string,
    state: Existing<UserState>,
    version: number,
    /** Given with the creation's events only; later writes leave it as it is. */
    createdAt?: Date,
  ): Promise<boolean> {
    return writeVersioned(this.users, id, version, {
      orgId,
      email: normalizeEmail(state.email),
      name: state.name,
      status: state.status,
      profileId: state.profileId,
      ...(createdAt ? { createdAt } : {}),
    });
  }

  /** An organisation's SAML settings and the version of the organisation they were read at. */
  async organizationSso(orgId: string): Promise<
    | {
        settings?: SsoSettingsView;
        administratorMfa?: OrganizationMfaPolicyChangedPayload;
        version: number;
      }
    | undefined
  > {
    const document = await this.organizations.findOne({ _id: orgId });
    if (!document) return undefined;
    return {
      version: document.version,
      ...(document.administratorMfa ? { administratorMfa: document.administratorMfa } : {}),
      ...(document.sso
        ? {
            settings: {
              orgId,
              ...document.sso,
              enforcement: document.ssoEnforcement ?? 'off',
            },
          }
        : {}),
    };
  }

  /** The organisation's SAML settings, or undefined when it has none. */
  async ssoSettings(orgId: string): Promise<SsoSettingsView | undefined> {
    return (await this.organizationSso(orgId))?.settings;
  }

  async organizationById(id: string): Promise<OrganizationView | undefined> {
    const document = await this.organizations.findOne({ _id: id });
    return document ? { id: document._id, name: document.name, slug: document.slug } : undefined;
  }

  async administratorById(
    id: string,
  ): Promise<(AdministratorView & { status: string }) | undefined> {
    const document = await this.administrators.findOne({ _id: id });
    return document ? { ...toAdministratorView(document), status: document.status } : undefined;
  }

  async administratorsOf(orgId: string): Promise<(AdministratorView & { status: string })[]> {
    const documents = await this.administrators.find({ orgId }).sort({ email: 1 }).toArray();
    return documents.map((document) => ({
      ...toAdministratorView(document),
      status: document.status,
    }));
  }

  async userById(userId: string): Promise<UserView | undefined> {
    const document = await this.users.findOne({ _id: userId });
    return document ? toUserView(document) : undefined;
  }

  /** A user of this organisation only: another organisation's id reads as not found. */
  async userInOrganization(orgId: string, userId: string): Promise<UserView | undefined> {
    const document = await this.users.findOne({ _id: userId });
    return document && document.orgId === orgId ? toUserView(document) : undefined;
  }

  async searchUsers(orgId: string, query: string | undefined, limit: number): Promise<UserView[]> {
    const filter: mongo.Filter<UserDocument> = { orgId };
    if (query) {
      const pattern = new RegExp(escapeRegExp(query.trim()), 'i');
      filter.$or = [{ email: pattern }, { name: pattern }];
    }
    const documents = await this.users.find(filter).sort({ email: 1 }).limit(limit).toArray();
    return documents.map(toUserView);
  }

  /**
   * One page of an organisation's users, filtered, sorted and counted in the database: the
   * console's Users table (not a hot path; MongoDB serves it from the indexes above).
   */
  async pageOfUsers(request: UsersPageRequest): Promise<UsersPage> {
    const filter: mongo.Filter<UserDocument> = { orgId: request.orgId };
    if (request.status) filter.status = request.status;
    const text = request.query?.trim();
    if (text) {
      const pattern = new RegExp(escapeRegExp(text), 'i');
      filter.$or = [{ email: pattern }, { name: pattern }];
    }
    const [documents, total] = await Promise.all([
      this.users
        .find(filter)
        .sort(usersSortOf(request.sort, request.order))
        .skip((request.page - 1) * request.pageSize)
        .limit(request.pageSize)
        .toArray(),
      this.users.countDocuments(filter),
    ]);
    return {
      users: documents.map(toUserView),
      total,
      page: request.page,
      pageSize: request.pageSize,
    };
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toAdministratorView(document: AdministratorDocument): AdministratorView {
  return {
    id: document._id,
    orgId: document.orgId,
    email: document.email,
    name: document.name,
    role: document.role,
  };
}

function toUserView(document: UserDocument): UserView {
  return {
    id: document._id,
    orgId: document.orgId,
    email: document.email,
    name: document.name,
    status: document.status,
    profileId: document.profileId,
    ...(document.createdAt ? { createdAt: document.createdAt.toISOString() } : {}),
  };
}
