import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { DEAD_LETTER_SUFFIX, type EventEnvelope } from '@coffer/contracts';
import { createKafka, ensureTopics, EventPublisher, type Kafka } from '@coffer/messaging';
import { expectEventually, testEnvironment } from '@coffer/testing';

import { appendCommits } from '../test/append-commits';
import { EventStore } from './event-store';
import { Lease } from './lease';
import { kafkaOutboxSink, OutboxRelay } from './outbox-relay';
import { type Projection, ProjectionRunner } from './projection';
import { ProjectionCheckpoints } from './projection-checkpoints';

const { config } = testEnvironment('backbone');
const url = databaseUrl(config, 'backbone');

let connection: Connection;
let kafka: Kafka;

beforeAll(async () => {
  connection = await mongoose.createConnection(url).asPromise();
  kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'backbone-test' });
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

/** A read model that records, per aggregate, the versions it applied, and each event id once. */
class RecordingProjection implements Projection {
  readonly name = 'recording';
  readonly applied: mongoose.mongo.Collection<{
    _id: string;
    aggregateId: string;
    version: number;
  }>;

  constructor(db: mongoose.mongo.Db, suffix: string) {
    this.applied = db.collection(`applied_${suffix}`);
  }

  async apply(event: EventEnvelope): Promise<void> {
    try {
      await this.applied.insertOne({
        _id: event.id,
        aggregateId: event.aggregate.id,
        version: event.aggregate.version,
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
}

describe('outbox relay and projection', () => {
  it('relays a batch of 250 commits and clears their markers without exhausting the database connections', async () => {
    // FerretDB 1.24 holds a connection per statement of one command (it has 100): a single
    // 250-statement bulk update deadlocked it, and the relay with it. Markers go in one statement.
    const topic = `${config.topicPrefix}large-batch`;
    await ensureTopics(kafka, [topic], { partitions: 3, replicationFactor: 1 });
    const store = new EventStore(connection.db!, undefined, 'events_large_batch');
    await store.ensureIndexes();
    await appendCommits(
      store,
      Array.from({ length: 50 }, (_, index) => `large-${index}`),
      5,
    );
    const publisher = new EventPublisher(kafka);
    const relay = new OutboxRelay(
      store,
      kafkaOutboxSink(publisher, topic),
      new Lease(connection.db!, 'large-batch', 'l', 10_000),
    );

    try {
      expect(await relay.relayOnce()).toBe(250);
    } finally {
      await publisher.disconnect();
    }
    expect(await store.countUnpublished()).toBe(0);
  });

  it('after a crash between publishing and marking, republishes, and the projection holds each event once', async () => {
    const topic = `${config.topicPrefix}relay-crash`;
    await ensureTopics(kafka, [topic], { partitions: 3, replicationFactor: 1 });
    const store = new EventStore(connection.db!, undefined, 'events_relay_crash');
    await store.ensureIndexes();
    await appendCommits(store, ['a', 'b', 'c', 'd'], 5);
    const publisher = new EventPublisher(kafka);

    // The first relay dies after Kafka acknowledged the batch but before it cleared its markers.
    const dying = Object.create(store) as EventStore;
    dying.markPublished = () => Promise.reject(new Error('process killed'));
    const lease = new Lease(connection.db!, 'relay-crash', 'first', 1);
    await expect(
      new OutboxRelay(dying, kafkaOutboxSink(publisher, topic), lease).relayOnce(),
    ).rejects.toThrow('process killed');
    expect(await store.countUnpublished()).toBe(20);

    const restarted = new OutboxRelay(
      store,
      kafkaOutboxSink(publisher, topic),
      new Lease(connection.db!, 'relay-crash', 'second', 10_000),
    );
    expect(await restarted.relayOnce()).toBe(20);
    expect(await store.countUnpublished()).toBe(0);
    await publisher.disconnect();

    const admin = kafka.admin();
    await admin.connect();
    // Right after the topic was made, a partition may still be electing its leader.
    const onTopic = await expectEventually(async () =>
      (await admin.fetchTopicOffsets(topic)).reduce(
        (sum, partition) => sum + Number(partition.high),
        0,
      ),
    );
    await admin.disconnect();
    expect(onTopic).toBe(40); // every event twice: at least once, as promised

    const projection = new RecordingProjection(connection.db!, 'relay_crash');
    const runner = new ProjectionRunner(kafka, projection, {
      groupId: `${config.namespace}.relay-crash`,
      topics: [topic],
      checkpoints: new ProjectionCheckpoints(connection.db!),
    });
    await runner.start();
    try {
      // Every copy read (the checkpoints past all 40), each event applied once.
      await expectEventually(async () => {
        const checkpoints = await new ProjectionCheckpoints(connection.db!).list('recording');
        expect(
          checkpoints.reduce((sum, checkpoint) => sum + Number(checkpoint.offset) + 1, 0),
        ).toBe(40);
      });
      expect(await projection.applied.countDocuments()).toBe(20);
    } finally {
      await runner.stop();
    }
  });

  it('keeps each aggregate in order across partitions, ignores duplicates and dead-letters malformed messages', async () => {
    const topic = `${config.topicPrefix}ordering`;
    await ensureTopics(kafka, [topic], { partitions: 3, replicationFactor: 1 });
    const store = new EventStore(connection.db!, undefined, 'events_ordering');
    await store.ensureIndexes();
    const aggregates = Array.from({ length: 12 }, (_, index) => `agg-${index}`);
    await appendCommits(store, aggregates, 12);
    const publisher = new EventPublisher(kafka);
    const relay = new OutboxRelay(
      store,
      kafkaOutboxSink(publisher, topic),
      new Lease(connection.db!, 'ordering', 'o', 10_000),
      {
        batchSize: 37,
      },
    );
    while ((await relay.relayOnce()) > 0);
    // A duplicate of every event, in version order (engines return documents in any order), and
    // two messages that are not events at all.
    const commits = (await store.commits.find().toArray()).sort((a, b) => a.version - b.version);
    await publisher.publish(
      commits.flatMap((commit) =>
        commit.events.map((event) => ({
          topic,
          key: event.aggregate.id,
          value: JSON.stringify(event),
        })),
      ),
    );
    await publisher.publish([
      { topic, key: 'agg-0', value: '{not json' },
      { topic, key: 'agg-1', value: JSON.stringify({ id: 'x', type: 'Bad' }) },
    ]);
    await publisher.disconnect();

    const seen = new Map<string, number[]>();
    const projection = new RecordingProjection(connection.db!, 'ordering');
    const recordOrder: Projection = {
      name: 'ordering',
      apply: async (event) => {
        seen.set(event.aggregate.id, [
          ...(seen.get(event.aggregate.id) ?? []),
          event.aggregate.version,
        ]);
        await projection.apply(event);
      },
    };
    const deadLetters: string[] = [];
    const runner = new ProjectionRunner(kafka, recordOrder, {
      groupId: `${config.namespace}.ordering`,
      topics: [topic],
      checkpoints: new ProjectionCheckpoints(connection.db!),
      onDeadLetter: (reason) => deadLetters.push(reason),
    });
    await runner.start();
    try {
      await expectEventually(() => expect(deadLetters).toHaveLength(2));
      await expectEventually(async () =>
        expect(await projection.applied.countDocuments()).toBe(144),
      );
      // The duplicates arrive after the originals: wait for every delivery, not just the 120
      // distinct events (stopping early made this test flaky).
      await expectEventually(() => {
        for (const id of aggregates) expect(seen.get(id)).toHaveLength(24);
      });
    } finally {
      await runner.stop();
    }

    const firstPass = Array.from({ length: 12 }, (_, index) => index + 1);
    for (const id of aggregates) expect(seen.get(id)).toEqual([...firstPass, ...firstPass]);
    // The two bad messages have different keys, so different partitions: no order between them.
    expect([...deadLetters].sort()).toEqual([
      expect.stringContaining('invalid envelope'),
      'not JSON',
    ]);

    const parked = await readAll(kafka, `${topic}${DEAD_LETTER_SUFFIX}`, 2);
    expect(parked.map((message) => message.reason).sort()).toEqual([...deadLetters].sort());
  });
});

describe('batch projections', () => {
  it('get chunks in offset order, merged across partitions, and after a failure mid-batch every event again from the chunk that failed', async () => {
    // A batch projection is applied from Kafka batches cut into chunks; offsets are committed
    // only after a chunk was applied, so a projection that dies halfway through a batch must
    // see the unapplied events again, never lose them.
    const topic = `${config.topicPrefix}batch-projection`;
    await ensureTopics(kafka, [topic], { partitions: 3, replicationFactor: 1 });
    const store = new EventStore(connection.db!, undefined, 'events_batch_projection');
    await store.ensureIndexes();
    const aggregates = Array.from({ length: 30 }, (_, index) => `batch-${index}`);
    await appendCommits(store, aggregates, 20);
    const publisher = new EventPublisher(kafka);
    const relay = new OutboxRelay(
      store,
      kafkaOutboxSink(publisher, topic),
      new Lease(connection.db!, 'batch-projection', 'b', 10_000),
    );
    while ((await relay.relayOnce()) > 0);
    await publisher.disconnect();

    const recording = new RecordingProjection(connection.db!, 'batch_projection');
    const batches: number[] = [];
    const seen = new Map<string, number[]>();
    let failed = false;
    const projection: Projection = {
      name: 'batch-projection',
      apply: (event) => recording.apply(event),
      applyBatch: async (events) => {
        batches.push(events.length);
        if (batches.length === 2 && !failed) {
          // Half the batch written, then the process "dies".
          failed = true;
          for (const event of events.slice(0, events.length / 2)) await recording.apply(event);
          throw new Error('killed mid-batch');
        }
        for (const event of events) {
          seen.set(event.aggregate.id, [
            ...(seen.get(event.aggregate.id) ?? []),
            event.aggregate.version,
          ]);
          await recording.apply(event);
        }
      },
    };
    const runner = new ProjectionRunner(kafka, projection, {
      groupId: `${config.namespace}.batch-projection`,
      topics: [topic],
      checkpoints: new ProjectionCheckpoints(connection.db!),
      partitionsConsumedConcurrently: 3,
    });
    await runner.start();
    try {
      await expectEventually(
        async () => expect(await recording.applied.countDocuments()).toBe(600),
        { timeoutMs: 60_000 },
      );
    } finally {
      await runner.stop();
    }

    expect(failed).toBe(true);
    // Each partition's chunks hold at most 250; three partitions' chunks merged, at most 750.
    expect(Math.max(...batches)).toBeLessThanOrEqual(750);
    // Every aggregate's events first applied in version order, none missing.
    const versions = Array.from({ length: 20 }, (_, index) => index + 1);
    for (const id of aggregates) expect([...new Set(seen.get(id))]).toEqual(versions);
  });
});

/** Reads a dead-letter topic raw: what is parked there is, by definition, not an envelope. */
async function readAll(kafka: Kafka, topic: string, expected: number) {
  const received: { reason: string }[] = [];
  const consumer = kafka.consumer({ groupId: `${topic}.raw-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        received.push({ reason: String(message.headers?.['dead-letter-reason']) });
        if (received.length >= expected) resolve();
      },
    });
  });
  await consumer.disconnect();
  return received;
}
