import type { mongo } from 'mongoose';

import type {
  AdministratorRole,
  AdministratorView,
  EventEnvelope,
  IdentityEventPayloads,
  OrganizationSsoConfiguredPayload,
  OrganizationView,
  SsoEnforcement,
  SsoSettingsView,
  UserStatus,
  UserView,
} from '@coffer/contracts';
import { updateIfNewer, upsertIfNewer } from '@coffer/event-sourcing';

interface OrganizationDocument {
  _id: string;
  name: string;
  slug: string;
  sso?: OrganizationSsoConfiguredPayload;
  ssoEnforcement?: SsoEnforcement;
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
  version: number;
}

const USER_STATUS_OF_EVENT: Partial<Record<string, UserStatus>> = {
  'identity.user.activated': 'active',
  'identity.user.disabled': 'disabled',
  'identity.user.preserved': 'preserved',
};

/**
 * Identity's own read model, updated right after each append so that a change is visible to
 * the very next request (read-your-writes on the sign-in path). Each update is guarded by the
 * aggregate version, so applying an event twice or late changes nothing.
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

  async ensureIndexes(): Promise<void> {
    await this.organizations.createIndex({ slug: 1 }, { unique: true });
    await this.administrators.createIndex({ email: 1 });
    await this.users.createIndex({ email: 1 });
    await this.users.createIndex({ orgId: 1, email: 1 });
  }

  async apply(event: EventEnvelope): Promise<void> {
    const { id, version } = event.aggregate;
    switch (event.type) {
      case 'identity.organization.created': {
        const { name, slug } = event.payload as IdentityEventPayloads[typeof event.type];
        await upsertIfNewer(this.organizations, id, version, { name, slug });
        return;
      }
      case 'identity.organization.sso-configured': {
        const sso = event.payload as IdentityEventPayloads[typeof event.type];
        await updateIfNewer(this.organizations, id, version, { sso });
        return;
      }
      case 'identity.organization.sso-enforcement-changed': {
        const { enforcement } = event.payload as IdentityEventPayloads[typeof event.type];
        await updateIfNewer(this.organizations, id, version, { ssoEnforcement: enforcement });
        return;
      }
      case 'identity.administrator.created': {
        const { email, name, role } = event.payload as IdentityEventPayloads[typeof event.type];
        await upsertIfNewer(this.administrators, id, version, {
          orgId: event.orgId,
          email: email.toLowerCase(),
          name,
          role,
          status: 'active',
        });
        return;
      }
      case 'identity.administrator.role-changed': {
        const { role } = event.payload as IdentityEventPayloads[typeof event.type];
        await updateIfNewer(this.administrators, id, version, { role });
        return;
      }
      case 'identity.administrator.disabled':
        await updateIfNewer(this.administrators, id, version, { status: 'disabled' });
        return;
      case 'identity.administrator.fail-safe-password-set':
      case 'identity.administrator.password-reset-requested':
        await updateIfNewer(this.administrators, id, version, {});
        return;
      case 'identity.user.created': {
        const { email, name, profileId } =
          event.payload as IdentityEventPayloads[typeof event.type];
        await upsertIfNewer(this.users, id, version, {
          orgId: event.orgId,
          email: email.toLowerCase(),
          name,
          profileId,
          status: 'active',
        });
        return;
      }
      case 'identity.user.profile-assigned': {
        const { profileId } = event.payload as IdentityEventPayloads[typeof event.type];
        await updateIfNewer(this.users, id, version, { profileId });
        return;
      }
      default: {
        const status = USER_STATUS_OF_EVENT[event.type];
        if (status) await updateIfNewer(this.users, id, version, { status });
      }
    }
  }

  /** The organisation's SAML settings, or undefined when it has none. */
  async ssoSettings(orgId: string): Promise<SsoSettingsView | undefined> {
    const document = await this.organizations.findOne({ _id: orgId });
    if (!document?.sso) return undefined;
    return { orgId, ...document.sso, enforcement: document.ssoEnforcement ?? 'off' };
  }

  async organizationBySlug(slug: string): Promise<OrganizationView | undefined> {
    const document = await this.organizations.findOne({ slug });
    return document ? { id: document._id, name: document.name, slug: document.slug } : undefined;
  }

  async administratorByEmail(
    email: string,
  ): Promise<(AdministratorView & { status: string }) | undefined> {
    const document = await this.administrators.findOne({ email: normalizeEmail(email) });
    return document ? { ...toAdministratorView(document), status: document.status } : undefined;
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

  async userByEmail(email: string): Promise<UserView | undefined> {
    const document = await this.users.findOne({ email: normalizeEmail(email) });
    return document ? toUserView(document) : undefined;
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
  };
}
