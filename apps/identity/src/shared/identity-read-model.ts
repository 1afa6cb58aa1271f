import type { mongo } from 'mongoose';

import type {
  AdministratorRole,
  AdministratorView,
  EventEnvelope,
  OrganizationView,
} from '@coffer/contracts';

interface OrganizationDocument {
  _id: string;
  name: string;
  slug: string;
  version: number;
}

interface AdministratorDocument {
  _id: string;
  orgId: string;
  email: string;
  name: string;
  role: AdministratorRole;
  version: number;
}

/**
 * Identity's own read model, updated right after each append so that a change is visible to
 * the very next request (read-your-writes on the sign-in path). Each update is guarded by the
 * aggregate version, so applying an event twice or late changes nothing.
 */
export class IdentityReadModel {
  readonly organizations: mongo.Collection<OrganizationDocument>;
  readonly administrators: mongo.Collection<AdministratorDocument>;

  constructor(db: mongo.Db) {
    this.organizations = db.collection<OrganizationDocument>('organizations');
    this.administrators = db.collection<AdministratorDocument>('administrators');
  }

  async ensureIndexes(): Promise<void> {
    await this.organizations.createIndex({ slug: 1 }, { unique: true });
    await this.administrators.createIndex({ email: 1 });
  }

  async apply(event: EventEnvelope): Promise<void> {
    const { id, version } = event.aggregate;
    const payload = event.payload as Record<string, unknown>;
    switch (event.type) {
      case 'identity.organization.created':
        await this.upsertNewer(this.organizations, id, version, {
          name: payload.name,
          slug: payload.slug,
        });
        return;
      case 'identity.administrator.created':
        await this.upsertNewer(this.administrators, id, version, {
          orgId: event.orgId,
          email: String(payload.email).toLowerCase(),
          name: payload.name,
          role: payload.role,
        });
        return;
      case 'identity.administrator.fail-safe-password-set':
        await this.administrators.updateOne(
          { _id: id, version: { $lt: version } },
          { $set: { version } },
        );
        return;
    }
  }

  async organizationBySlug(slug: string): Promise<OrganizationView | undefined> {
    const document = await this.organizations.findOne({ slug });
    return document ? { id: document._id, name: document.name, slug: document.slug } : undefined;
  }

  async administratorByEmail(email: string): Promise<AdministratorView | undefined> {
    const document = await this.administrators.findOne({ email: email.trim().toLowerCase() });
    return document ? toAdministratorView(document) : undefined;
  }

  private async upsertNewer<T extends { _id: string; version: number }>(
    collection: mongo.Collection<T>,
    id: string,
    version: number,
    fields: Record<string, unknown>,
  ) {
    const filter = { _id: id, version: { $lt: version } } as mongo.Filter<T>;
    try {
      await collection.updateOne(
        filter,
        { $set: { ...fields, version } } as mongo.UpdateFilter<T>,
        { upsert: true },
      );
    } catch (error) {
      // The document exists at this version or a newer one: the event was already applied.
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
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
