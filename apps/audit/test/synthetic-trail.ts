import { createHash } from 'node:crypto';

import { type EventEnvelope, type TopicBaseName, Topics } from '@coffer/contracts';

/** An organisation's made-up activity: who acts, and when. */
export interface SyntheticTrail {
  orgId: string;
  /** Tells apart two series of events of one organisation (their ids). */
  series?: string;
  /** Administrators acting on the admin trail; the first is the one the seed's query filters by. */
  administrators: number;
  users: number;
  /** Entries spread evenly over [start, start + spanMs). */
  start: Date;
  spanMs: number;
  count: number;
}

/**
 * A UUIDv7 that is the same for the same trail and name (so runs are repeatable), made at `at`
 * as the event store makes an event's id right after stamping its time.
 */
export function syntheticId(trail: SyntheticTrail, name: string, at = new Date(0)): string {
  const series =
    name.startsWith('event-') || name.startsWith('attempt-') ? (trail.series ?? '') : '';
  const hex = createHash('sha256').update(`${trail.orgId}/${series}/${name}`).digest('hex');
  const time = at.getTime().toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function administratorId(trail: SyntheticTrail, index: number): string {
  return syntheticId(trail, `administrator-${index}`);
}

/** The events that make the administrators and users known (names in the trail's sentences). */
export function peopleEvents(trail: SyntheticTrail): EventEnvelope[] {
  const created = (kind: 'administrator' | 'user', index: number): EventEnvelope => {
    const id = kind === 'administrator' ? administratorId(trail, index) : userId(trail, index);
    return envelope(trail, `${kind}-created-${index}`, trail.start, {
      type: `identity.${kind}.created`,
      aggregate: { type: kind, id, version: 1 },
      actor: { type: 'system' },
      payload: {
        email: `${kind}${index}@synthetic.test`,
        name: `${kind} ${index}`,
        ...(kind === 'administrator' ? { role: 'cloud-administrator' } : {}),
      },
    });
  };
  return [
    ...Array.from({ length: trail.administrators }, (_, index) => created('administrator', index)),
    ...Array.from({ length: trail.users }, (_, index) => created('user', index)),
  ];
}

/**
 * The i-th event of the trail: mostly administrators' sign-ins, with user management, profiles,
 * API tokens, users' own sign-ins (the user trail) and a little system activity, each picked by
 * a hash of i, at an even spacing in time.
 */
export function syntheticEvent(trail: SyntheticTrail, index: number): EventEnvelope {
  const pick = createHash('sha256')
    .update(`${trail.orgId}#${trail.series ?? ''}#${index}`)
    .digest();
  const roll = pick[0] % 100;
  const occurredAt = new Date(
    trail.start.getTime() + Math.floor((index * trail.spanMs) / trail.count),
  );
  const admin = pick[1] % trail.administrators;
  const user = pick[2] % trail.users;
  const adminActor = {
    type: pick[3] % 10 === 0 ? ('api-token' as const) : ('administrator' as const),
    id: administratorId(trail, admin),
    email: `administrator${admin}@synthetic.test`,
    ip: `10.0.${pick[4]}.${pick[5]}`,
  };
  const make = (
    fields: Omit<EventEnvelope, 'id' | 'schemaVersion' | 'orgId' | 'occurredAt' | 'correlationId'>,
  ) => envelope(trail, `event-${index}`, occurredAt, fields);
  if (roll < 45) {
    return make({
      type: pick[6] % 4 === 0 ? 'identity.sign-in.failed' : 'identity.sign-in.succeeded',
      aggregate: {
        type: 'sign-in-attempt',
        id: syntheticId(trail, `attempt-${index}`),
        version: 1,
      },
      actor: { ...adminActor, type: 'administrator' },
      payload: {
        surface: 'console',
        email: adminActor.email,
        method: 'password',
        reason: 'bad-credentials',
      },
    });
  }
  if (roll < 70) {
    return make({
      type: 'identity.sign-in.succeeded',
      aggregate: {
        type: 'sign-in-attempt',
        id: syntheticId(trail, `attempt-${index}`),
        version: 1,
      },
      actor: { type: 'user', id: userId(trail, user), email: `user${user}@synthetic.test` },
      payload: { surface: 'portal', email: `user${user}@synthetic.test`, method: 'password' },
    });
  }
  if (roll < 82) {
    return make({
      type: pick[7] % 2 === 0 ? 'identity.user.disabled' : 'identity.user.activated',
      aggregate: { type: 'user', id: userId(trail, user), version: 2 + (index % 1000) },
      actor: adminActor,
      payload: { previousStatus: 'active' },
    });
  }
  if (roll < 91) {
    return make({
      type: 'profiles.profile.created',
      aggregate: { type: 'profile', id: syntheticId(trail, `profile-${index}`), version: 1 },
      actor: adminActor,
      payload: { name: `Profile ${index}` },
    });
  }
  if (roll < 98) {
    return make({
      type: 'tokens.api-token.created',
      aggregate: { type: 'api-token', id: syntheticId(trail, `token-${index}`), version: 1 },
      actor: { ...adminActor, type: 'administrator' },
      payload: { name: `token ${index}`, expiresAt: occurredAt.toISOString(), lastFour: 'abcd' },
    });
  }
  return make({
    type: 'tokens.api-token.expired',
    aggregate: { type: 'api-token', id: syntheticId(trail, `token-${index}`), version: 2 },
    actor: { type: 'system' },
    payload: { name: `token ${index}`, ownerEmail: adminActor.email },
  });
}

/** Where a service publishes an event of this type. */
export function topicOf(event: EventEnvelope): TopicBaseName {
  if (event.type.startsWith('identity.sign-in.')) return Topics.identityAuth;
  if (event.type.startsWith('profiles.')) return Topics.profilesEvents;
  if (event.type.startsWith('tokens.')) return Topics.tokensEvents;
  return Topics.identityEvents;
}

function userId(trail: SyntheticTrail, index: number): string {
  return syntheticId(trail, `user-${index}`);
}

function envelope(
  trail: SyntheticTrail,
  name: string,
  occurredAt: Date,
  fields: Omit<EventEnvelope, 'id' | 'schemaVersion' | 'orgId' | 'occurredAt' | 'correlationId'>,
): EventEnvelope {
  const id = syntheticId(trail, name, occurredAt);
  return {
    id,
    schemaVersion: 1,
    orgId: trail.orgId,
    occurredAt: occurredAt.toISOString(),
    correlationId: id,
    ...fields,
  };
}
