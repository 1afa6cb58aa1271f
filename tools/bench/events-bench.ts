import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import mongoose from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { Topics } from '@coffer/contracts';
import { EventStore, kafkaOutboxSink, Lease, OutboxRelay } from '@coffer/event-sourcing';
import { createKafka, ensureTopics, EventPublisher } from '@coffer/messaging';
import { ServiceProcesses, testEnvironment } from '@coffer/testing';

import { rate, runPool } from './measure';

const CONCURRENCY = 16;

function progress(phase: string, measured: { perSecond: number; seconds: number }) {
  console.error(`bench: ${phase}: ${measured.perSecond}/s over ${measured.seconds} s`);
}
const RAW_BATCH = 500;

/**
 * `npm run bench -- events [N]`: the event backbone's rates on this machine, beside the raw
 * rates of the parts it is made of, so our overhead shows as a ratio.
 */
export async function benchEvents(count: number) {
  const { env, config } = testEnvironment('bench');
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'bench' });
  const identityTopic = `${config.topicPrefix}${Topics.identityEvents}`;
  await ensureTopics(kafka, [identityTopic, `${config.topicPrefix}raw`], config.topicLayout);
  const connection = await mongoose.createConnection(databaseUrl(config, 'identity')).asPromise();
  const db = connection.db!;
  const audit = await ServiceProcesses.launch({ env, services: ['audit'] });
  try {
    // Raw MongoDB-driver inserts: one document per insert, the same concurrency as the appends.
    const raw = db.collection('raw_inserts');
    let started = performance.now();
    await runPool(count, CONCURRENCY, async (index) => {
      await raw.insertOne({
        _id: randomUUID() as unknown as mongoose.mongo.ObjectId,
        index,
        at: new Date(),
      });
    });
    const rawInsert = rate(count, started);
    progress('raw MongoDB inserts', rawInsert);

    // Raw produce and consume through kafkajs, in batches.
    const publisher = new EventPublisher(kafka);
    const payload = JSON.stringify({ padding: 'x'.repeat(400) });
    started = performance.now();
    for (let offset = 0; offset < count; offset += RAW_BATCH) {
      const size = Math.min(RAW_BATCH, count - offset);
      await publisher.publish(
        Array.from({ length: size }, (_, index) => ({
          topic: `${config.topicPrefix}raw`,
          key: `k${(offset + index) % 1000}`,
          value: payload,
        })),
      );
    }
    const rawProduce = rate(count, started);
    progress('raw Kafka produce', rawProduce);
    const consumer = kafka.consumer({ groupId: `${config.namespace}.raw-bench` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${config.topicPrefix}raw`, fromBeginning: true });
    let consumed = 0;
    started = performance.now();
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          consumed += batch.messages.length;
          if (consumed >= count) resolve();
        },
      });
    });
    const rawConsume = rate(count, started);
    progress('raw Kafka consume', rawConsume);
    await consumer.disconnect();

    // Our event store: one command's commit per append, spread over 1,000 aggregates.
    const store = new EventStore(db);
    await store.ensureIndexes();
    const aggregates = Array.from({ length: 1_000 }, () => randomUUID());
    const versions = new Map<string, number>();
    started = performance.now();
    await runPool(count, CONCURRENCY, async (index) => {
      const id = aggregates[index % aggregates.length];
      const version = versions.get(id) ?? 0;
      versions.set(id, version + 1);
      await store.append({
        aggregate: { type: 'organization', id },
        orgId: id,
        expectedVersion: version,
        events: [
          {
            type: 'identity.organization.created',
            schemaVersion: 1,
            payload: { name: `Org ${index}`, slug: `org-${index}` },
          },
        ],
        context: { actor: { type: 'system' }, correlationId: randomUUID() },
      });
    });
    const append = rate(count, started);
    progress('event store appends', append);

    // The relay puts them on Kafka; the audit service (a real process) projects them.
    const entries = mongoose.createConnection(databaseUrl(config, 'audit'));
    await entries.asPromise();
    const relay = new OutboxRelay(
      store,
      kafkaOutboxSink(publisher, identityTopic),
      new Lease(db, 'outbox-relay', 'bench', 30_000),
    );
    started = performance.now();
    while ((await relay.relayOnce()) > 0);
    const relayed = rate(count, started);
    progress('relay to Kafka', relayed);
    const deadline = Date.now() + 10 * 60_000;
    let projected = 0;
    while (projected < count && Date.now() < deadline) {
      projected = await entries.db!.collection('audit_entries').countDocuments();
      if (projected < count) await sleep(200);
    }
    const endToEnd = rate(projected, started);
    progress('until the audit trail holds all', endToEnd);
    await entries.close();
    await publisher.disconnect();

    return {
      benchmark: 'events',
      machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      count,
      eventStoreAppend: append,
      relayToKafka: relayed,
      endToEndUntilAuditHoldsAll: endToEnd,
      raw: { mongoInsertOne: rawInsert, kafkaProduce: rawProduce, kafkaConsume: rawConsume },
      ratios: {
        appendVsRawInsert: Number((append.perSecond / rawInsert.perSecond).toFixed(2)),
        relayVsRawProduce: Number((relayed.perSecond / rawProduce.perSecond).toFixed(2)),
      },
    };
  } finally {
    await audit.stopAll();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}
