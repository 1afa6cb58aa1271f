import type { mongo } from 'mongoose';

import {
  defaultProfileId,
  type EventEnvelope,
  type ProfilesEventPayloads,
} from '@coffer/contracts';
import { upsertIfNewer, type Projection, type ProjectedReadModel } from '@coffer/event-sourcing';

import { DEFAULT_ACCESS, type AccessRules } from '../sign-in/capabilities';

interface ProfileAccessDocument extends AccessRules {
  _id: string;
  orgId: string;
  deleted: boolean;
  version: number;
}

/**
 * Each profile's User Privacy & Access rules, learnt from `profiles.events` so that sign-in
 * never calls another service. Guarded by the profile's version: replays change nothing.
 */
export class ProfileAccess implements Projection {
  readonly name = 'identity-profile-access';
  private readonly access: mongo.Collection<ProfileAccessDocument>;
  /** What `apply` folds, for `ops check` (keep it equal to the cases below). */
  readonly projected: ProjectedReadModel = {
    collection: 'profile_access',
    eventTypes: [
      'profiles.profile.created',
      'profiles.profile.access-settings-changed',
      'profiles.profile.deleted',
    ],
  };

  constructor(db: mongo.Db) {
    this.access = db.collection<ProfileAccessDocument>(this.projected.collection);
  }

  async apply(event: EventEnvelope): Promise<void> {
    const { id, version } = event.aggregate;
    let fields: Partial<ProfileAccessDocument>;
    switch (event.type) {
      case 'profiles.profile.created':
      case 'profiles.profile.access-settings-changed': {
        const { allowWebRestore, allowShare } =
          event.payload as ProfilesEventPayloads['profiles.profile.created'];
        fields = { orgId: event.orgId, allowWebRestore, allowShare, deleted: false };
        break;
      }
      case 'profiles.profile.deleted':
        fields = { orgId: event.orgId, deleted: true };
        break;
      default:
        return;
    }
    await upsertIfNewer(this.access, id, version, fields);
  }

  /** The rules of a user's profile; the default profile's when none was given or none is known yet. */
  async rulesFor(orgId: string, profileId: string | null): Promise<AccessRules> {
    const document = await this.access.findOne({ _id: profileId ?? defaultProfileId(orgId) });
    if (!document || document.orgId !== orgId) return DEFAULT_ACCESS;
    return { allowWebRestore: document.allowWebRestore, allowShare: document.allowShare };
  }

  async exists(orgId: string, profileId: string): Promise<boolean> {
    const document = await this.access.findOne({ _id: profileId });
    return Boolean(document && document.orgId === orgId && !document.deleted);
  }

  /** How far identity has applied a profile's events; the gateway waits for a change to land here. */
  async version(profileId: string): Promise<number> {
    return (await this.access.findOne({ _id: profileId }))?.version ?? 0;
  }
}
