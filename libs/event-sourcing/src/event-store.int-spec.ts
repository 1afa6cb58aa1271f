import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { databaseUrl } from '@coffer/config';
import { REPO_ROOT, testEnvironment } from '@coffer/testing';

import { appendCommits, testContext } from '../test/append-commits';
import { recordedDatabase } from '../test/recorded-database';
import { RecordingSink } from '../test/recording-sink';
import { ConcurrencyError } from './concurrency-error';
import { EventStore } from './event-store';
import { Lease } from './lease';
import { OutboxRelay } from './outbox-relay';

const { env, config } = testEnvironment('event-store');
const url = databaseUrl(config, 'eventstore');

const database = recordedDatabase(url);

function runWorker(
  collection: string,
  aggregateId: string,
  count: number,
  writer: string,
): Promise<{ won: number[]; conflicts: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
        join(__dirname, '../test/append-race-worker.ts'),
        url,
        aggregateId,
        String(count),
        writer,
        collection,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, ...env } },
    );
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(output.trim())) : reject(new Error(errors)),
    );
  });
}

function appendOne(store: EventStore, id: string, expectedVersion: number, events = 1) {
  return store.append({
    aggregate: { type: 'counter', id },
    orgId: 'org',
    expectedVersion,
    events: Array.from({ length: events }, (_, index) => ({
      type: 'test.counter.incremented',
      schemaVersion: 1,
      payload: { to: expectedVersion + index + 1 },
    })),
    context: testContext,
  });
}

describe('appending', () => {
  it('lets exactly one of two processes win each version; the loser leaves no extra marker', async () => {
    const store = new EventStore(database.connection.db!, undefined, 'events_race');
    await store.ensureIndexes();
    const count = 40;

    const [first, second] = await Promise.all([
      runWorker('events_race', 'race-1', count, 'a'),
      runWorker('events_race', 'race-1', count, 'b'),
    ]);

    const versions = [...first.won, ...second.won].sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: count }, (_, index) => index + 1));
    expect(first.conflicts + second.conflicts).toBe(count);
    const stream = await store.readStream('race-1');
    expect(stream.map((event) => event.aggregate.version)).toEqual(versions);
    // Winner and loser of a version share one marker, or the loser took its own back.
    expect(await store.countUnpublished()).toBe(count);

    const sink = new RecordingSink();
    const relay = new OutboxRelay(
      store,
      sink,
      new Lease(database.connection.db!, 'race', 'r', 10_000),
    );
    while ((await relay.relayOnce()) > 0);
    expect(sink.versionsByAggregate().get('race-1')).toEqual(versions);
    expect(await store.countUnpublished()).toBe(0);
  });

  it('throws ConcurrencyError for a stale expected version and keeps the first commit', async () => {
    const store = new EventStore(database.connection.db!);
    const [kept] = await appendOne(store, 'stale-1', 0);

    await expect(appendOne(store, 'stale-1', 0)).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('stale-1')).map((event) => event.id)).toEqual([kept.id]);
    expect(await store.countUnpublished()).toBe(1);
  });

  it('writes the marker, then the commit, both by _id: two commands per append', async () => {
    const store = new EventStore(database.connection.db!, undefined, 'events_commands');
    database.recorder.take();

    await appendOne(store, 'counted', 0);

    expect(database.recorder.take()).toEqual([
      { name: 'insert', collection: 'events_commands_outbox', filter: ['counted:000000000001'] },
      { name: 'insert', collection: 'events_commands', filter: ['counted:1'] },
    ]);
  });
});

// A commit insert slower than the relay's patience: the relay, finding the marker's commit
// missing for a minute, dropped the marker as an orphan; the commit then landed, acknowledged to
// the caller, and nothing would ever have published it.
describe('a commit insert slower than the relay judges orphans', () => {
  it('holds its marker again once the commit is stored, so the relay still publishes it', async () => {
    const collection = 'events_slow';
    let releaseInsert = () => {};
    const insertHeld = new Promise<void>((resolve) => (releaseInsert = resolve));
    let insertStarted = () => {};
    const insertReached = new Promise<void>((resolve) => (insertStarted = resolve));
    const db = database.connection.db!;
    const slowDb = new Proxy(db, {
      get(target, property) {
        if (property !== 'collection') return Reflect.get(target, property, target);
        return (name: string) => {
          const real = target.collection(name);
          if (name !== collection) return real;
          return new Proxy(real, {
            get(inner, key) {
              if (key !== 'insertOne') return Reflect.get(inner, key, inner);
              return async (...args: Parameters<typeof real.insertOne>) => {
                insertStarted();
                await insertHeld;
                return inner.insertOne(...args);
              };
            },
          });
        };
      },
    });
    const store = new EventStore(slowDb, undefined, collection, { markerFreshMs: 0 });
    const outbox = db.collection<{ _id: string; nonce: string }>(`${collection}_outbox`);

    const appending = appendOne(store, 'slow-1', 0);
    // Once the commit insert has begun, the append has stopped claiming its marker: the relay
    // judges the marker as it is now.
    await insertReached;
    const marker = (await outbox.findOne({ _id: 'slow-1:000000000001' }))!;
    expect(marker).not.toBeNull();
    // What the relay does to a marker whose commit stayed missing: dropped, by its nonce.
    expect(await store.outbox.drop(marker)).toBe(true);
    releaseInsert();
    const [event] = await appending;

    expect((await store.readStream('slow-1')).map((stored) => stored.id)).toEqual([event.id]);
    const batch = await store.unpublished(10);
    expect(batch.commits.flatMap((commit) => commit.events.map((stored) => stored.id))).toEqual([
      event.id,
    ]);
  });
});

describe('appending concurrently in one process', () => {
  it('shares insert commands between appends; a conflict fails only its own append', async () => {
    const store = new EventStore(database.connection.db!, undefined, 'events_batched');
    database.recorder.take();

    // Three writers for each of 16 new aggregates, all at once: one of each three may win.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 48 }, (_, index) => appendOne(store, `batched-${index % 16}`, 0)),
    );

    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome] : []));
    expect(won).toHaveLength(16);
    expect(lost.map((outcome) => outcome.reason)).toEqual(
      Array.from({ length: 32 }, () => expect.any(ConcurrencyError)),
    );
    const inserts = database.recorder.take().filter((command) => command.name === 'insert');
    expect(inserts.length).toBeLessThanOrEqual(8);
    for (let index = 0; index < 16; index++) {
      expect(await store.readStream(`batched-${index}`)).toHaveLength(1);
    }
    expect(await store.countUnpublished()).toBe(16);
  });
});

describe('reading a stream', () => {
  it('follows commits of any size across round trips, in version order', async () => {
    const store = new EventStore(database.connection.db!, undefined, 'events_chain');
    // 60 commits of 1 to 4 events: 150 events, far past the first window of candidate ids.
    let version = 0;
    for (let commit = 0; commit < 60; commit++) {
      const size = (commit % 4) + 1;
      await appendOne(store, 'long', version, size);
      version += size;
    }
    await appendOne(store, 'other', 0);
    database.recorder.take();

    const stream = await store.readStream('long');

    expect(stream.map((event) => event.aggregate.version)).toEqual(
      Array.from({ length: version }, (_, index) => index + 1),
    );
    const commands = database.recorder.take();
    expect(commands.length).toBeLessThanOrEqual(5);
    for (const command of commands) {
      expect(command).toMatchObject({ name: 'find', filter: { _id: { $in: expect.any(Array) } } });
    }
  });

  it('reads a new aggregate as empty in one lookup by _id', async () => {
    const store = new EventStore(database.connection.db!, undefined, 'events_chain');
    database.recorder.take();

    expect(await store.readStream('never-written')).toEqual([]);

    expect(database.recorder.take()).toEqual([
      expect.objectContaining({ name: 'find', filter: { _id: { $in: expect.any(Array) } } }),
    ]);
  });

  it('returns a gap-free prefix of a stream that grows while it is read', async () => {
    const store = new EventStore(database.connection.db!, undefined, 'events_growing');
    let done = false;
    const writing = appendCommits(store, ['growing'], 80).finally(() => (done = true));
    const seen: number[][] = [];
    while (!done) {
      seen.push((await store.readStream('growing')).map((event) => event.aggregate.version));
    }
    await writing;

    for (const versions of seen) {
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, index) => index + 1));
    }
    expect((await store.readStream('growing')).length).toBe(80);
  });

  it('is what a stale writer sees: it reloads, gets the appended commit, and appends after it', async () => {
    // A reader that loaded before another append holds a stale view; its append must fail, and
    // the reload must end exactly at the other writer's commit.
    const store = new EventStore(database.connection.db!, undefined, 'events_stale_view');
    await appendCommits(store, ['viewed'], 3);
    const stale = await store.readStream('viewed');
    await appendOne(store, 'viewed', 3, 2);

    await expect(appendOne(store, 'viewed', stale.length)).rejects.toBeInstanceOf(ConcurrencyError);
    const fresh = await store.readStream('viewed');
    expect(fresh).toHaveLength(5);
    await appendOne(store, 'viewed', fresh.length);
    expect(await store.readStream('viewed')).toHaveLength(6);
  });
});
