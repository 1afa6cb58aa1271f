import type { mongo } from 'mongoose';

import {
  type AccessSettings,
  type DataSource,
  defaultProfileId,
  type EventEnvelope,
  type IdentityEvent,
  isProfilesEvent,
  type ProfilesEvent,
  type ProfileView,
} from '@coffer/contracts';
import {
  assertNever,
  type ProjectedReadModel,
  updateIfNewer,
  upsertIfNewer,
} from '@coffer/event-sourcing';

interface ProfileDocument extends AccessSettings {
  _id: string;
  orgId: string;
  name: string;
  isDefault: boolean;
  dataSources: DataSource[];
  deleted: boolean;
  version: number;
}

interface MemberDocument {
  /** The user's id. */
  _id: string;
  orgId: string;
  profileId: string;
  version: number;
}

/**
 * Profiles as the console reads them, and which profile each user is in (learnt from
 * identity's events). Member counts are counted, not kept as counters, so a replayed event
 * cannot make them drift.
 */
export class ProfilesReadModel {
  readonly profiles: mongo.Collection<ProfileDocument>;
  readonly members: mongo.Collection<MemberDocument>;
  /** The members, folded from identity's events, for `ops check` (keep equal to `apply`'s cases). */
  readonly projectedMembers: ProjectedReadModel = {
    collection: 'profile_members',
    eventTypes: ['identity.user.created', 'identity.user.profile-assigned'],
  };

  constructor(db: mongo.Db) {
    this.profiles = db.collection<ProfileDocument>('profiles');
    this.members = db.collection<MemberDocument>(this.projectedMembers.collection);
  }

  async ensureIndexes(): Promise<void> {
    await this.profiles.createIndex({ orgId: 1, name: 1 });
    await this.members.createIndex({ profileId: 1 });
  }

  /** What a command appended, in order (the command handler's inline projection). */
  async applyOwn(events: readonly EventEnvelope[]): Promise<void> {
    for (const event of events) if (isProfilesEvent(event)) await this.applyProfileEvent(event);
  }

  async applyProfileEvent(event: ProfilesEvent): Promise<void> {
    const { id, version } = event.aggregate;
    switch (event.type) {
      case 'profiles.profile.created': {
        const { payload } = event;
        await upsertIfNewer(this.profiles, id, version, {
          orgId: event.orgId,
          name: payload.name,
          isDefault: payload.isDefault,
          allowWebRestore: payload.allowWebRestore,
          allowShare: payload.allowShare,
          dataSources: payload.dataSources,
          deleted: false,
        });
        return;
      }
      case 'profiles.profile.renamed':
        await updateIfNewer(this.profiles, id, version, { name: event.payload.name });
        return;
      case 'profiles.profile.access-settings-changed': {
        const { allowWebRestore, allowShare } = event.payload;
        await updateIfNewer(this.profiles, id, version, { allowWebRestore, allowShare });
        return;
      }
      case 'profiles.profile.deleted':
        await updateIfNewer(this.profiles, id, version, { deleted: true });
        return;
      default:
        assertNever(event);
    }
  }

  /** Which profile a user is in, from identity's events (`projectedMembers.eventTypes`). */
  async applyMembership(
    event: Extract<
      IdentityEvent,
      { type: 'identity.user.created' | 'identity.user.profile-assigned' }
    >,
  ): Promise<void> {
    const { id, version } = event.aggregate;
    const profileId =
      event.type === 'identity.user.created'
        ? (event.payload.profileId ?? defaultProfileId(event.orgId))
        : event.payload.profileId;
    await upsertIfNewer(this.members, id, version, { orgId: event.orgId, profileId });
  }

  /** By name as a person reads a list ("alpha" before "Beta", "Team 2" before "Team 10"). */
  async list(orgId: string): Promise<ProfileView[]> {
    // Sorted here, not by the database: its byte order puts every capital before any small
    // letter, and the embedded engines sort strings each their own way.
    const documents = await this.profiles.find({ orgId, deleted: false }).toArray();
    documents.sort(byName);
    return Promise.all(documents.map((document) => this.view(document)));
  }

  /** A live profile of this organisation, or undefined: another organisation's reads as absent. */
  async get(orgId: string, profileId: string): Promise<ProfileView | undefined> {
    const document = await this.profiles.findOne({ _id: profileId });
    if (!document || document.orgId !== orgId || document.deleted) return undefined;
    return this.view(document);
  }

  /** Counted within the organisation: a profile id named by another organisation's user is not a member. */
  memberCount(orgId: string, profileId: string): Promise<number> {
    return this.members.countDocuments({ orgId, profileId });
  }

  async nameTaken(orgId: string, name: string): Promise<boolean> {
    const documents = await this.profiles.find({ orgId, deleted: false }).toArray();
    return documents.some((document) => document.name.toLowerCase() === name.toLowerCase());
  }

  private async view(document: ProfileDocument): Promise<ProfileView> {
    return {
      id: document._id,
      orgId: document.orgId,
      name: document.name,
      isDefault: document.isDefault,
      allowWebRestore: document.allowWebRestore,
      allowShare: document.allowShare,
      dataSources: document.dataSources,
      memberCount: await this.memberCount(document.orgId, document._id),
      version: document.version,
    };
  }
}

const names = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function byName(a: { _id: string; name: string }, b: { _id: string; name: string }): number {
  return names.compare(a.name, b.name) || a._id.localeCompare(b._id);
}
