import type { mongo } from 'mongoose';

import {
  defaultProfileId,
  type EventEnvelope,
  type ProfilesEventPayloads,
  type ProfilesEventType,
} from '@coffer/contracts';
import { assertNever, type ProjectedReadModel, type Projection } from '@coffer/event-sourcing';

import { type AccessRules, DEFAULT_ACCESS } from '../sign-in/capabilities';
import type { AccessPolicy } from '../sign-in/sign-in-directory';

/** The events of `profiles.events`, as the contracts type them. */
type ProfilesEvent = {
  [Type in ProfilesEventType]: EventEnvelope<Type, ProfilesEventPayloads[Type]>;
}[ProfilesEventType];

/** Every profiles event type: one added to the contracts and left out here does not compile. */
const PROFILES_EVENT_TYPES: Record<ProfilesEventType, true> = {
  'profiles.profile.created': true,
  'profiles.profile.renamed': true,
  'profiles.profile.access-settings-changed': true,
  'profiles.profile.deleted': true,
};

function isProfilesEvent(event: EventEnvelope): event is ProfilesEvent {
  return Object.hasOwn(PROFILES_EVENT_TYPES, event.type);
}

interface ProfileAccessDocument extends AccessRules {
  _id: string;
  orgId: string;
  deleted: boolean;
  version: number;
  /** The version whose rules every account of the profile has been given (see `changed`). */
  signInVersion?: number;
}

/**
 * Each profile's User Privacy & Access rules, learnt from `profiles.events` so that sign-in
 * never calls another service. Written by `_id` alone; an event older than the document (a
 * replay) puts the document back as it was. After each change the rules go to the sign-in
 * documents of the profile's accounts (`changed`), and only then does `version` report it.
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
  /** Told of each profile's rules once stored; sign-in copies them to the profile's accounts. */
  changed: (orgId: string, policy: AccessPolicy) => Promise<void> = async () => undefined;

  constructor(db: mongo.Db) {
    this.access = db.collection<ProfileAccessDocument>(this.projected.collection);
  }

  async apply(event: EventEnvelope): Promise<void> {
    if (!isProfilesEvent(event)) return;
    const { id, version } = event.aggregate;
    let fields: Partial<ProfileAccessDocument>;
    switch (event.type) {
      case 'profiles.profile.created':
      case 'profiles.profile.access-settings-changed': {
        const { allowWebRestore, allowShare } = event.payload;
        fields = { orgId: event.orgId, allowWebRestore, allowShare, deleted: false };
        break;
      }
      case 'profiles.profile.deleted':
        fields = { orgId: event.orgId, deleted: true };
        break;
      case 'profiles.profile.renamed':
        // A name changes nothing sign-in needs.
        return;
      default:
        return assertNever(event);
    }
    const before = await this.access.findOneAndUpdate(
      { _id: id },
      { $set: { ...fields, version } },
      { upsert: true, returnDocument: 'before' },
    );
    if (before && before.version > version) {
      await this.access.replaceOne({ _id: id }, before);
      return;
    }
    const after = { ...DEFAULT_ACCESS, ...before, ...fields };
    await this.changed(event.orgId, {
      profileId: id,
      allowWebRestore: after.allowWebRestore,
      allowShare: after.allowShare,
      version,
    });
    await this.access.updateOne({ _id: id }, { $max: { signInVersion: version } });
  }

  /** The rules with the profile's version, as sign-in documents keep them (version 0: not known yet). */
  async policyFor(orgId: string, profileId: string | null): Promise<AccessPolicy> {
    const effective = profileId ?? defaultProfileId(orgId);
    const document = await this.access.findOne({ _id: effective });
    if (!document || document.orgId !== orgId)
      return { profileId: effective, ...DEFAULT_ACCESS, version: 0 };
    return {
      profileId: effective,
      allowWebRestore: document.allowWebRestore ?? DEFAULT_ACCESS.allowWebRestore,
      allowShare: document.allowShare ?? DEFAULT_ACCESS.allowShare,
      version: document.version,
    };
  }

  async exists(orgId: string, profileId: string): Promise<boolean> {
    const document = await this.access.findOne({ _id: profileId });
    return Boolean(document && document.orgId === orgId && !document.deleted);
  }

  /**
   * How far identity has applied a profile's events to sign-in; the gateway waits for a change
   * to land here, so the next sign-in of any of the profile's users follows it.
   */
  async version(profileId: string): Promise<number> {
    return (await this.access.findOne({ _id: profileId }))?.signInVersion ?? 0;
  }
}
