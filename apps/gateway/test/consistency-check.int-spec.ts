import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import type { ProfileView, UserView } from '@coffer/contracts';
import {
  checkConsistencyWithOps,
  expectEventually,
  HttpClient,
  servicesUnderTest,
} from '@coffer/testing';

interface Findings {
  consistent: boolean;
  projected: { differences: number; examples: Record<string, unknown>[] };
  readModels: {
    service: string;
    collection: string;
    differences: number;
    examples: { aggregateId: string; kind: string }[];
  }[];
  unpublished: unknown[];
  auditTrail: {
    audited: number;
    entries: number;
    missing: number;
    missingExamples: { id: string; type: string }[];
    unexplained: number;
  };
}

/**
 * `ops check` — the fault suite's judge — must itself be right: consistent after real work, and
 * once read models and the trail are damaged behind the services' backs, it names each damage.
 */
describe('ops check', () => {
  const { env, config, baseUrl, seeder } = servicesUnderTest('check');
  const administrator = { email: 'ada@checked.test', password: 'administrator passphrase 2' };
  const admin = new HttpClient(baseUrl);
  const connections: Connection[] = [];

  /** A service's database, opened directly as an intruder (or a faulty disk) would. */
  const collection = async (service: string, name: string) => {
    const connection = await mongoose.createConnection(databaseUrl(config, service)).asPromise();
    connections.push(connection);
    return (connection.db as NonNullable<Connection['db']>).collection<{
      _id: string;
      description?: string;
    }>(name);
  };

  beforeAll(async () => {
    await seeder.organization('checked', administrator);
    expect((await admin.post('/api/console/login', administrator)).status).toBe(200);
  });

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
  });

  it('finds every stored event in the trail and every read model in step after real work', async () => {
    for (const name of ['bob', 'carol', 'dan']) {
      const created = await admin.post('/api/console/users', {
        email: `${name}@checked.test`,
        name,
        password: 'user passphrase number 2',
      });
      expect(created.status).toBe(201);
    }
    expect(
      (
        await new HttpClient(baseUrl).post('/api/portal/login', {
          email: 'bob@checked.test',
          password: 'user passphrase number 2',
        })
      ).status,
    ).toBe(200);
    const findings = await checkConsistencyWithOps<Findings>(env, 60);
    expect(findings).toMatchObject({
      consistent: true,
      readModels: [],
      projected: { differences: 0 },
      unpublished: [],
    });
    // Organisation, administrator, three users, the default profile, a sign-in: all audited.
    expect(findings.auditTrail.audited).toBeGreaterThanOrEqual(7);
    expect(findings.auditTrail.entries).toBe(findings.auditTrail.audited);
  });

  it('names each damage done behind the services’ backs', async () => {
    const users = (await admin.get<UserView[]>('/api/console/users')).body;
    const carol = users.find((user) => user.email === 'carol@checked.test') as UserView;
    const dan = users.find((user) => user.email === 'dan@checked.test') as UserView;
    const profile = (await admin.get<ProfileView[]>('/api/console/profiles')).body[0];

    const identityUsers = await collection('identity', 'users');
    await identityUsers.deleteOne({ _id: carol.id });
    await identityUsers.updateOne({ _id: dan.id }, { $inc: { version: 5 } });
    await (await collection('profiles', 'profiles')).deleteOne({ _id: profile.id });
    // Read models fed by the other service's events: a member gone, a profile's rules behind.
    const bob = users.find((user) => user.email === 'bob@checked.test') as UserView;
    await (await collection('profiles', 'profile_members')).deleteOne({ _id: bob.id });
    await (
      await collection('identity', 'profile_access')
    ).updateOne({ _id: profile.id }, { $set: { version: 0 } });
    // The trail keeps entries in hourly segments, by event id: one lost, one no event explains.
    const segments = await collection('audit', 'audit_segments');
    type AuditEntryLike = { _id: string; description: string };
    let lost: AuditEntryLike | undefined;
    for (const segment of await segments.find({}).toArray()) {
      const entries = (segment as unknown as { entries: Record<string, AuditEntryLike> }).entries;
      const [key, entry] =
        Object.entries(entries).find(([, candidate]) =>
          candidate.description.includes('has created the user carol'),
        ) ?? [];
      if (!key || !entry) continue;
      lost = entry;
      await segments.updateOne(
        { _id: segment._id },
        {
          $unset: { [`entries.${key}`]: '' },
          $set: {
            'entries.an-entry-no-event-explains': { ...entry, _id: 'an-entry-no-event-explains' },
          },
        },
      );
    }
    expect(lost).toBeDefined();

    const findings = await expectEventually(() => checkConsistencyWithOps<Findings>(env, 0));
    expect(findings.consistent).toBe(false);
    const byCollection = Object.fromEntries(
      findings.readModels.map((report) => [`${report.service} ${report.collection}`, report]),
    );
    expect(byCollection['identity users'].examples).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ aggregateId: carol.id, kind: 'missing' }),
        expect.objectContaining({ aggregateId: dan.id, kind: 'stale' }),
      ]),
    );
    expect(byCollection['profiles profiles'].examples).toEqual([
      expect.objectContaining({ aggregateId: profile.id, kind: 'missing' }),
    ]);
    expect(findings.projected.examples).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          service: 'profiles',
          collection: 'profile_members',
          aggregateId: bob.id,
          type: 'identity.user.created',
        }),
        expect.objectContaining({
          service: 'identity',
          collection: 'profile_access',
          aggregateId: profile.id,
          type: 'profiles.profile.created',
          readModelVersion: 0,
        }),
      ]),
    );
    expect(findings.auditTrail).toMatchObject({
      missing: 1,
      missingExamples: [{ id: lost!._id, type: 'identity.user.created', service: 'identity' }],
      unexplained: 1,
    });
  });
});
