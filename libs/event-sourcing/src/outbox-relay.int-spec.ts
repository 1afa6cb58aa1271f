import { databaseUrl } from '@coffer/config';
import type { NewEvent } from '@coffer/contracts';
import { expectEventually, testEnvironment } from '@coffer/testing';

import { appendCommits, testContext } from '../test/append-commits';
import { recordedDatabase } from '../test/recorded-database';
import { RecordingSink } from '../test/recording-sink';
import { CommandHandler } from './command-handler';
import type { Commit } from './commit';
import { commitId } from './commit-chain';
import type { Decider } from './decider';
import { EventStore } from './event-store';
import { Lease } from './lease';
import { markerId } from './outbox';
import { OutboxRelay } from './outbox-relay';

const { config } = testEnvironment('outbox-relay');
const url = databaseUrl(config, 'outbox');

const database = recordedDatabase(url);
let stores = 0;

/** A store of its own for each test, and a relay over it that publishes into a recording sink. */
function freshStore(orphanAfterMs?: number) {
  const name = `events_${++stores}`;
  const store = new EventStore(database.connection.db!, undefined, name);
  const sink = new RecordingSink();
  const relay = new OutboxRelay(
    store,
    sink,
    new Lease(database.connection.db!, name, 'relay', 10_000),
    {
      batchSize: 50,
      orphanAfterMs,
    },
  );
  return { store, sink, relay, name };
}

async function drain(relay: OutboxRelay) {
  while ((await relay.relayOnce()) > 0);
}

describe('outbox relay', () => {
  it('publishes each stream in version order, past version 9, reading the outbox by _id', async () => {
    const { store, sink, relay } = freshStore();
    const aggregates = ['b', 'a', 'c:1', 'c'];
    await appendCommits(store, aggregates, 12);

    await drain(relay);

    const expected = Array.from({ length: 12 }, (_, index) => index + 1);
    for (const id of aggregates) expect(sink.versionsByAggregate().get(id)).toEqual(expected);
    expect(sink.published).toHaveLength(48);
    expect(await store.countUnpublished()).toBe(0);
  });

  it.each([
    [1, []],
    [2, [1]],
  ])(
    'holds a stream back behind a pending commit that the read of the outbox missed (version %d)',
    async (hidden, firstPass) => {
      // A read of the outbox that races with appends could return later markers of a stream and
      // miss an earlier one; the relay must then wait rather than publish out of order.
      const { store, sink, relay } = freshStore();
      await appendCommits(store, ['x', 'y'], 3);
      const pending = store.outbox.pending.bind(store.outbox);
      store.outbox.pending = async (limit) =>
        (await pending(limit)).filter((marker) => marker._id !== markerId('x', hidden));

      await relay.relayOnce();

      expect(sink.versionsByAggregate().get('x') ?? []).toEqual(firstPass);
      expect(sink.versionsByAggregate().get('y')).toEqual([1, 2, 3]);
      store.outbox.pending = pending;
      await drain(relay);
      expect(sink.versionsByAggregate().get('x')).toEqual([1, 2, 3]);
    },
  );

  it('drops a marker whose commit never came (a crash between the two), and never publishes it', async () => {
    const { store, sink, relay } = freshStore(0);
    await appendCommits(store, ['crashed'], 2);
    // The writer of version 3 died after its marker: no commit `crashed:3` ever exists.
    await store.outbox.hold(commitId('crashed', 3), 'crashed', 3);

    // Seen missing once, it is a suspect (an append may be in flight); missing again, an orphan.
    expect(await relay.relayOnce()).toBe(2);
    expect(await store.countUnpublished()).toBe(1);
    await relay.relayOnce();

    expect(await store.countUnpublished()).toBe(0);
    expect(sink.published.map((commit) => commit._id)).toEqual(['crashed:1', 'crashed:2']);
    // The version is free for the next writer, whose commit goes out as usual.
    await appendCommits(store, ['crashed'], 1, 2);
    await drain(relay);
    expect(sink.published.map((commit) => commit._id)).toEqual([
      'crashed:1',
      'crashed:2',
      'crashed:3',
    ]);
  });

  it('keeps a marker that a writer claimed after the relay began to suspect it', async () => {
    const { store, sink, relay } = freshStore(0);
    await store.outbox.hold(commitId('slow', 1), 'slow', 1);
    await relay.relayOnce();
    // A writer reaches the same version: it claims the marker, then its commit is in flight.
    const claimed = await store.outbox.hold(commitId('slow', 1), 'slow', 1);
    expect(claimed.created).toBe(false);

    await relay.relayOnce();
    expect(await store.countUnpublished()).toBe(1);
    await store.commits.insertOne(commitOf('slow', 1));
    await drain(relay);

    expect(sink.published.map((commit) => commit._id)).toEqual(['slow:1']);
    expect(await store.countUnpublished()).toBe(0);
  });

  it('after a restart, publishes again what the last relay sent but did not clear', async () => {
    const { store, sink, relay, name } = freshStore();
    await appendCommits(store, ['r1', 'r2'], 3);
    const dying = Object.create(store) as EventStore;
    dying.markPublished = () => Promise.reject(new Error('process killed'));
    const lease = new Lease(database.connection.db!, `${name}-restart`, 'first', 1);
    const first = new OutboxRelay(dying, sink, lease);
    await expect(first.relayOnce()).rejects.toThrow('process killed');

    const restarted = new OutboxRelay(
      store,
      sink,
      new Lease(database.connection.db!, `${name}-restart`, 'second', 10_000),
    );
    await drain(restarted);

    // Every commit twice, each time in order: at least once, as promised.
    expect(sink.versionsByAggregate().get('r1')).toEqual([1, 2, 3, 1, 2, 3]);
    expect(await store.countUnpublished()).toBe(0);
    await drain(relay);
    expect(sink.published).toHaveLength(12);
  });

  it('relays only while it holds the lease; another replica takes over when it lapses', async () => {
    const { store, sink, name } = freshStore();
    await appendCommits(store, ['leased'], 2);
    const holder = new OutboxRelay(
      store,
      sink,
      new Lease(database.connection.db!, name, 'holder', 2_000),
    );
    const other = new OutboxRelay(
      store,
      sink,
      new Lease(database.connection.db!, name, 'other', 10_000),
    );
    expect(await holder.relayOnce()).toBe(2);
    await appendCommits(store, ['leased'], 1, 2);

    expect(await other.relayOnce()).toBe(0);
    // The holder stops renewing (it died): once its lease expired, the other relays what is left.
    await expectEventually(async () => expect(await other.relayOnce()).toBe(1), {
      intervalMs: 100,
    });
    expect(sink.published.map((commit) => commit.version)).toEqual([1, 2, 3]);
  });

  it('adopts commits that the previous version stored as unpublished, and only those', async () => {
    const { store, sink, relay } = freshStore();
    await store.commits.insertMany([
      { ...commitOf('legacy', 1), publishedAt: new Date() },
      { ...commitOf('legacy', 2), publishedAt: null },
      { ...commitOf('legacy', 3), publishedAt: null },
    ]);
    await appendCommits(store, ['legacy'], 1, 3);

    await drain(relay);

    expect(sink.published.map((commit) => commit.version)).toEqual([2, 3, 4]);
    expect(await store.commits.countDocuments({ publishedAt: { $type: 'null' } })).toBe(0);
    const second = freshRelayOver(store, sink);
    await drain(second);
    expect(sink.published).toHaveLength(3);
  });

  it('reads and clears a batch by _id in four commands, however many commits it holds', async () => {
    const { store, relay, name } = freshStore();
    await appendCommits(
      store,
      Array.from({ length: 25 }, (_, index) => `n${index}`),
      2,
    );
    await relay.relayOnce(); // takes the lease, adopts nothing
    await appendCommits(
      store,
      Array.from({ length: 25 }, (_, index) => `n${index}`),
      2,
      2,
    );
    database.recorder.take();

    expect(await relay.relayOnce()).toBe(50);

    const commands = database.recorder.take();
    expect(commands).toEqual([
      { name: 'find', collection: `${name}_outbox`, filter: {}, sort: { _id: 1 } },
      {
        name: 'find',
        collection: name,
        filter: { _id: { $in: expect.arrayContaining(['n0:3']) } },
      },
      // The small outbox only: no earlier commit of these streams may still be pending.
      {
        name: 'find',
        collection: `${name}_outbox`,
        filter: { aggregateId: { $in: expect.any(Array) } },
      },
      {
        name: 'delete',
        collection: `${name}_outbox`,
        filter: [{ _id: { $in: expect.arrayContaining([markerId('n0', 3)]) } }],
      },
    ]);
  });

  it('publishes a commit only once its inline read model holds it, projecting it again when the command’s projection failed', async () => {
    // The database killed between a command's append and its read-model write: the command
    // fails, its commit stays. Its events must not reach Kafka ahead of the read model.
    const { store, sink, relay, name } = freshStore();
    const counts = database.connection.db!.collection<{ _id: string; count: number }>(
      `${name}_counts`,
    );
    let failNext = true;
    const write = async (aggregateId: string, count: number) => {
      if (failNext) {
        failNext = false;
        throw new Error('the database went away');
      }
      await counts.updateOne({ _id: aggregateId }, { $max: { count } }, { upsert: true });
    };
    const counters = new CommandHandler(store, counterDecider, {
      project: (_events, reached) => write(_events[0].aggregate.id, reached.state),
    });
    const publishedBeforeProjected: string[] = [];
    const publish = sink.publish.bind(sink);
    sink.publish = async (commits) => {
      for (const commit of commits) {
        const projected = await counts.findOne({ _id: commit.aggregateId });
        if ((projected?.count ?? 0) < commit.lastVersion) publishedBeforeProjected.push(commit._id);
      }
      await publish(commits);
    };

    await expect(counters.handle('k1', 'org', 'increment', testContext)).rejects.toThrow(
      'the database went away',
    );
    await counters.handle('k2', 'org', 'increment', testContext);
    await counters.handle('k2', 'org', 'increment', testContext);
    await drain(relay);

    expect(publishedBeforeProjected).toEqual([]);
    expect(sink.versionsByAggregate()).toEqual(
      new Map([
        ['k1', [1]],
        ['k2', [1, 2]],
      ]),
    );
    expect(await counts.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'k1', count: 1 },
      { _id: 'k2', count: 2 },
    ]);
  });
});

/** A counter that each `increment` raises by one: the smallest aggregate with a read model. */
const counterDecider: Decider<'increment', number, NewEvent> = {
  aggregateType: 'counter',
  initialState: () => 0,
  evolve: (count) => count + 1,
  decide: () => [{ type: 'test.counter.incremented', schemaVersion: 1, payload: {} }],
};

function commitOf(aggregateId: string, version: number): Commit {
  return {
    _id: commitId(aggregateId, version),
    aggregateId,
    aggregateType: 'counter',
    orgId: 'org',
    version,
    lastVersion: version,
    committedAt: new Date(),
    events: [
      {
        id: `${aggregateId}-${version}`,
        type: 'test.counter.incremented',
        schemaVersion: 1,
        orgId: 'org',
        aggregate: { type: 'counter', id: aggregateId, version },
        occurredAt: new Date().toISOString(),
        actor: testContext.actor,
        correlationId: testContext.correlationId,
        payload: {},
      },
    ],
  };
}

function freshRelayOver(store: EventStore, sink: RecordingSink) {
  return new OutboxRelay(
    store,
    sink,
    new Lease(database.connection.db!, `again-${++stores}`, 'r', 10_000),
  );
}
