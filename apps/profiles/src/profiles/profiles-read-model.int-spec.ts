import { randomUUID } from 'node:crypto';

import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import {
  defaultProfileId,
  type EventEnvelope,
  type IdentityEvent,
  isIdentityEvent,
  type ProfilesEvent,
  type ProfilesEventPayloads,
} from '@coffer/contracts';
import { expectRedeliveryChangesNothing, testEnvironment } from '@coffer/testing';

import { ProfilesReadModel } from './profiles-read-model';

/** Profiles and their members against the real database: what a redelivery or replay leaves. */
describe('profiles read model', () => {
  const { config } = testEnvironment('profiles-read-model');
  const orgId = `org-${randomUUID()}`;
  let connection: Connection;
  let readModel: ProfilesReadModel;

  beforeAll(async () => {
    connection = await mongoose.createConnection(databaseUrl(config, 'profiles')).asPromise();
    readModel = new ProfilesReadModel(connection.db!);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const envelope = {
    schemaVersion: 1,
    orgId,
    actor: { type: 'system' as const },
    correlationId: 'c',
  };
  const at = (second: number) => new Date(Date.UTC(2026, 10, 23, 8, 0, second)).toISOString();

  function profileStream(profileId: string) {
    let version = 0;
    return <Type extends ProfilesEvent['type']>(
      type: Type,
      payload: ProfilesEventPayloads[Type],
    ): EventEnvelope<Type, ProfilesEventPayloads[Type]> => ({
      ...envelope,
      id: randomUUID(),
      type,
      aggregate: { type: 'profile', id: profileId, version: ++version },
      occurredAt: at(version),
      payload,
    });
  }

  it('ends with the same profiles and members however often each event is applied', async () => {
    const sales = randomUUID();
    const next = profileStream(sales);
    const profileEvents = [
      next('profiles.profile.created', {
        name: 'Sales',
        isDefault: false,
        allowWebRestore: true,
        allowShare: true,
        dataSources: ['gmail'],
      }),
      next('profiles.profile.renamed', { name: 'Sales EMEA', previousName: 'Sales' }),
      next('profiles.profile.access-settings-changed', {
        allowWebRestore: false,
        allowShare: true,
        previous: { allowWebRestore: true, allowShare: true },
      }),
    ];
    const bob = randomUUID();
    const membership: IdentityEvent[] = [
      {
        ...envelope,
        id: randomUUID(),
        type: 'identity.user.created',
        aggregate: { type: 'user', id: bob, version: 1 },
        occurredAt: at(10),
        payload: { email: 'bob@example.com', name: 'Bob', profileId: null, hasPassword: false },
      },
      {
        ...envelope,
        id: randomUUID(),
        type: 'identity.user.profile-assigned',
        aggregate: { type: 'user', id: bob, version: 2 },
        occurredAt: at(11),
        payload: { profileId: sales, previousProfileId: defaultProfileId(orgId) },
      },
    ];
    // As the service does: its own events inline, identity's through its feed.
    const apply = async (event: EventEnvelope) => {
      if (!isIdentityEvent(event)) return readModel.applyOwn([event]);
      if (event.type === 'identity.user.created' || event.type === 'identity.user.profile-assigned')
        await readModel.applyMembership(event);
    };
    const snapshot = async () => ({
      profiles: await readModel.list(orgId),
      members: {
        sales: await readModel.memberCount(orgId, sales),
        default: await readModel.memberCount(orgId, defaultProfileId(orgId)),
      },
    });

    await expectRedeliveryChangesNothing(apply, snapshot, [...profileEvents, ...membership]);

    expect(await snapshot()).toEqual({
      profiles: [
        {
          id: sales,
          orgId,
          name: 'Sales EMEA',
          isDefault: false,
          allowWebRestore: false,
          allowShare: true,
          dataSources: ['gmail'],
          memberCount: 1,
          version: 3,
        },
      ],
      members: { sales: 1, default: 0 },
    });
  });
});
