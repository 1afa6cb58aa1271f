import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { testEnvironment } from '@coffer/testing';

import { FailedAttempts } from './failed-attempts';
import { Sessions } from './sessions';

// Session lifetimes and lockouts depend on time; a controllable clock makes minutes and hours
// pass at once, against the real database.
describe('sessions and lockout over time', () => {
  const { config } = testEnvironment('sessions');
  let connection: Connection;
  let now = new Date('2026-11-23T08:00:00Z');
  const clock = () => now;
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const minutes = (count: number) => count * 60_000;

  beforeAll(async () => {
    connection = await mongoose.createConnection(databaseUrl(config, 'identity')).asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const sessions = () =>
    new Sessions(connection.db!, { idleMs: minutes(30), maxMs: minutes(12 * 60) }, clock);
  const session = {
    surface: 'portal' as const,
    kind: 'user' as const,
    accountId: 'u-1',
    orgId: 'o-1',
    signInKey: 'portal:u-1@example.com',
  };

  it('ends a session after 30 minutes without a request, and not before', async () => {
    const store = sessions();
    const { token } = await store.start(session);

    advance(minutes(29));
    expect(await store.resolve(token)).toMatchObject({ accountId: 'u-1' });
    advance(minutes(29));
    expect(await store.resolve(token)).toBeDefined();
    advance(minutes(31));
    expect(await store.resolve(token)).toBeUndefined();
  });

  it('ends a busy session 12 hours after sign-in all the same', async () => {
    const store = sessions();
    const { token } = await store.start(session);

    // A request every 20 minutes keeps it from idling out for 11 h 40 min…
    for (let request = 0; request < 35; request++) {
      advance(minutes(20));
      expect(await store.resolve(token)).toBeDefined();
    }
    // …but 21 minutes later (not idle long enough to time out) it is past 12 hours since sign-in.
    advance(minutes(21));
    expect(await store.resolve(token)).toBeUndefined();
  });

  it('keeps only a hash: the token itself is nowhere in the database', async () => {
    const { token } = await sessions().start(session);
    const stored = await connection.db!.collection('sessions').find().toArray();
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('locks a client address after its threshold of failures across many emails, then lets it go', async () => {
    const attempts = new FailedAttempts(
      connection.db!,
      { threshold: 5, ipThreshold: 3, baseMs: 30_000, maxMs: minutes(15) },
      clock,
    );
    for (let index = 0; index < 3; index++) {
      await attempts.recordFailure(`portal:victim${index}@example.com`, 'ip:203.0.113.9');
    }

    const locked = await attempts.lockedUntil([
      'portal:someone-else@example.com',
      'ip:203.0.113.9',
    ]);
    expect(locked).toEqual(new Date(now.getTime() + 30_000));
    expect(
      await attempts.lockedUntil(['portal:someone-else@example.com', 'ip:198.51.100.1']),
    ).toBeUndefined();
    advance(31_000);
    expect(await attempts.lockedUntil(['ip:203.0.113.9'])).toBeUndefined();
  });
});
