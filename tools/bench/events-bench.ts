import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { AuditMessages, Topics } from '@coffer/contracts';
import {
  EventStore,
  kafkaOutboxSink,
  Lease,
  OutboxRelay,
  ProjectionCheckpoints,
} from '@coffer/event-sourcing';
import { createKafka, ensureTopics, EventPublisher } from '@coffer/messaging';
import { DB_COMMAND_LOG_VARIABLE, type DbCommandRecord, ServiceClients } from '@coffer/service-kit';
import {
  dropNamespaceDatabases,
  REPO_ROOT,
  ServiceProcesses,
  testEnvironment,
} from '@coffer/testing';

import { measureLatency } from './latency';
import { rate, round, runPool } from './measure';
import { cpuMsByProcess, cpuMsPer } from './process-cpu';

const CONCURRENCY = 16;
/** Raw inserts made, unmeasured, before the measured ones. */
const RAW_WARM_UP = 3_000;
const AGGREGATES = 1_000;
const RAW_BATCH = 500;
const LOADS = 200;
/** The query `readStream` used before it read by `_id`: a scan on the embedded engines, so few. */
const SCAN_LOADS = 5;
/**
 * How long to wait for the audit trail: until it stops growing for AUDIT_STALL_MS, or at most
 * AUDIT_WAIT_MS after the last append; what it holds then is what the run measured.
 */
const AUDIT_STALL_MS = 60_000;
const AUDIT_WAIT_MS = 5 * 60_000;
/** How often the audit projection's checkpoints are read while waiting for it. */
const AUDIT_POLL_MS = 100;

function progress(phase: string, measured: { perSecond: number; seconds: number }) {
  console.error(`bench: ${phase}: ${measured.perSecond}/s over ${measured.seconds} s`);
}

/** Database commands a connection sends, by command and collection (driver command monitoring). */
function countCommands(connection: Connection) {
  let counts = new Map<string, number>();
  connection.getClient().on('commandStarted', (event) => {
    const target = (event.command as Record<string, unknown>)[event.commandName];
    const key = typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return {
    /** What was sent since the last call, and its total. */
    take() {
      const taken = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
      counts = new Map();
      return { total: Object.values(taken).reduce((sum, n) => sum + n, 0), byCommand: taken };
    },
  };
}

/**
 * The audit service's background database commands (its projection's: not the answers to
 * requests, such as the bench's counting, nor pings), from its command log after byte `from`.
 */
function auditCommandsSince(file: string, from: number) {
  const byCommand: Record<string, number> = {};
  let total = 0;
  const text = existsSync(file) ? readFileSync(file).subarray(from).toString('utf8') : '';
  for (const line of text.split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as DbCommandRecord;
    if (record.service !== 'audit' || record.operation || record.command === 'ping') continue;
    const key = `${record.command} ${record.collection ?? ''}`.trim();
    byCommand[key] = (byCommand[key] ?? 0) + 1;
    total += 1;
  }
  return { total, byCommand: Object.fromEntries(Object.entries(byCommand).sort()) };
}

function sizeOf(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/** The engine `npm run infra -- up` started, as it recorded it. */
function databaseEngine(): string {
  const stateFile = join(process.env.COFFER_INFRA_DIR ?? join(REPO_ROOT, '.infra'), 'infra.json');
  const state = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as { databaseEngine?: string })
    : {};
  return state.databaseEngine ?? process.env.COFFER_DB_ENGINE ?? 'ferretdb';
}

/** Waits until the audit service answers and its projection consumes. */
async function auditReady(clients: ServiceClients) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const health = await clients
      .send(AuditMessages.health, {}, { timeoutMs: 60_000 })
      .catch((error: unknown) => String(error));
    if (typeof health !== 'string' && health.up) return;
    if (Date.now() > deadline)
      throw new Error(`the audit service did not become ready: ${JSON.stringify(health)}`);
    await sleep(250);
  }
}

/** Appends `count` one-event commands spread over the aggregates, CONCURRENCY in flight. */
async function appendCommands(
  store: EventStore,
  aggregates: string[],
  versions: Map<string, number>,
  count: number,
  afterEach: () => void = () => undefined,
) {
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
    afterEach();
  });
}

/**
 * `npm run bench -- events [N]`: the event backbone's rates on this machine, beside the raw
 * rates of the parts it is made of, so our overhead shows as a ratio. Command → audit entry runs
 * as the services run it (appends nudge a relay that runs meanwhile; the audit service projects);
 * the relay's own rate is measured on a backlog; database commands are counted per operation.
 */
export async function benchEvents(count: number) {
  const { env, config } = testEnvironment('bench');
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'bench' });
  const identityTopic = `${config.topicPrefix}${Topics.identityEvents}`;
  const rawTopic = `${config.topicPrefix}raw`;
  await ensureTopics(kafka, [identityTopic, rawTopic], config.topicLayout);
  const url = databaseUrl(config, 'identity');
  // Appends and the relay on connections of their own, so each one's commands are counted apart.
  const writing = await mongoose.createConnection(url, { monitorCommands: true }).asPromise();
  const relaying = await mongoose.createConnection(url, { monitorCommands: true }).asPromise();
  const written = countCommands(writing);
  const relayed = countCommands(relaying);
  // The audit service logs the shape of every command it sends: its projection's cost per entry.
  const auditLog = join(tmpdir(), `coffer-events-bench-${process.pid}.jsonl`);
  const audit = await ServiceProcesses.launch({
    env: { ...env, [DB_COMMAND_LOG_VARIABLE]: auditLog },
    services: ['audit'],
  });
  // Services obey only sealed calls: signed with the deployment's service key, as ops does.
  const auditClient = new ServiceClients(config);
  const auditing = await mongoose.createConnection(databaseUrl(config, 'audit')).asPromise();
  const auditCheckpoints = new ProjectionCheckpoints(auditing.db!);
  const publisher = new EventPublisher(kafka);
  try {
    // Raw MongoDB-driver inserts: one document per insert, the same concurrency as the appends.
    const raw = writing.db!.collection<{ _id: string; index: number; at: Date }>('raw_inserts');
    const insertRaw = async (index: number) => {
      await raw.insertOne({ _id: randomUUID(), index, at: new Date() });
    };
    // A round first that is not measured: mongo-java-server's JIT warms up over the first few
    // thousand commands, and a cold baseline (measured first, over 2–4 s) swung from 1,100 to
    // 2,600 /s between back-to-back runs, and the ratio to it from 0.58 to 0.36.
    await runPool(Math.min(count, RAW_WARM_UP), CONCURRENCY, insertRaw);
    let started = performance.now();
    await runPool(count, CONCURRENCY, insertRaw);
    const rawInsert = rate(count, started);
    progress('raw MongoDB inserts', rawInsert);

    // Raw produce and consume through kafkajs, in batches.
    const payload = JSON.stringify({ padding: 'x'.repeat(400) });
    started = performance.now();
    for (let offset = 0; offset < count; offset += RAW_BATCH) {
      const size = Math.min(RAW_BATCH, count - offset);
      await publisher.publish(
        Array.from({ length: size }, (_, index) => ({
          topic: rawTopic,
          key: `k${(offset + index) % 1000}`,
          value: payload,
        })),
      );
    }
    const rawProduce = rate(count, started);
    progress('raw Kafka produce', rawProduce);
    const consumer = kafka.consumer({ groupId: `${config.namespace}.raw-bench` });
    await consumer.connect();
    await consumer.subscribe({ topic: rawTopic, fromBeginning: true });
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

    // Command → audit entry: appends over 1,000 aggregates, each nudging the running relay.
    const store = new EventStore(writing.db!);
    await store.ensureIndexes();
    const relayStore = new EventStore(relaying.db!);
    const sink = kafkaOutboxSink(publisher, identityTopic);
    const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());
    const versions = new Map<string, number>();
    await auditReady(auditClient);
    // What the relay put on Kafka, as a consumer sees it: the backbone without the audit service.
    const seenEvents = new Set<string>();
    /** Per partition: the offset after the last message seen (duplicates a relay resent included). */
    const topicEnds = new Map<number, number>();
    let allConsumedAt = 0;
    const watcher = kafka.consumer({ groupId: `${config.namespace}.events-bench` });
    await watcher.connect();
    await watcher.subscribe({ topic: identityTopic, fromBeginning: true });
    await watcher.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) seenEvents.add(String(message.headers?.['event-id']));
        topicEnds.set(batch.partition, Number(batch.lastOffset()) + 1);
        if (seenEvents.size >= count && !allConsumedAt) allConsumedAt = performance.now();
      },
    });
    const live = new OutboxRelay(
      relayStore,
      sink,
      new Lease(relaying.db!, 'relay', 'live', 30_000),
    );
    written.take();
    relayed.take();
    const auditLogFrom = sizeOf(auditLog);
    const cpuBefore = cpuMsByProcess();
    live.start();
    started = performance.now();
    await appendCommands(store, aggregates, versions, count, () => live.nudge());
    const append = rate(count, started);
    const appendCommandsSent = written.take();
    progress('event store appends (relay running)', append);
    // Until the projection's checkpoints are past every message on the topic: it saves them once
    // a batch is written. (Counting the entries reads every segment: ~0.5–1 s each time at
    // 5,000 entries, a database core kept busy if done while measuring.)
    let applied = 0;
    let auditedAt = performance.now();
    const giveUpAt = auditedAt + AUDIT_WAIT_MS;
    const onTopic = () => [...topicEnds.values()].reduce((sum, end) => sum + end, 0);
    while (
      !(allConsumedAt && applied >= onTopic()) &&
      performance.now() - auditedAt < AUDIT_STALL_MS &&
      performance.now() < giveUpAt
    ) {
      await sleep(AUDIT_POLL_MS);
      const now = (await auditCheckpoints.list('audit-trail'))
        .filter((checkpoint) => checkpoint.topic === identityTopic)
        .reduce((sum, checkpoint) => sum + Number(checkpoint.offset) + 1, 0);
      if (now > applied) {
        applied = now;
        auditedAt = performance.now();
      }
    }
    // Where the phase's CPU went (this process appends and relays; audit, Kafka and the database).
    const cpuAfter = cpuMsByProcess();
    const audited = (await auditClient.send(AuditMessages.countEntries, {}, { timeoutMs: 60_000 }))
      .entries;
    const auditCommands = auditCommandsSince(auditLog, auditLogFrom);
    const endToEnd = rate(audited, started, auditedAt);
    progress(`command → audit entry (${audited} of ${count})`, endToEnd);
    while (!allConsumedAt && performance.now() - started < AUDIT_STALL_MS) await sleep(100);
    const consumedEndToEnd = rate(seenEvents.size, started, allConsumedAt || performance.now());
    progress('command → consumed from Kafka', consumedEndToEnd);
    await watcher.disconnect();
    await live.stop();
    const liveRelayCommands = relayed.take();

    // Appends with nothing else running, then the relay alone on that backlog.
    written.take();
    started = performance.now();
    await appendCommands(store, aggregates, versions, count);
    const appendAlone = rate(count, started);
    const appendAloneCommands = written.take();
    progress('event store appends (nothing else running)', appendAlone);
    const relay = new OutboxRelay(
      relayStore,
      sink,
      new Lease(relaying.db!, 'relay', 'drain', 30_000),
    );
    await relay.relayOnce(); // takes the lease; the first batch goes out in the timed loop
    relayed.take();
    let batches = 0;
    started = performance.now();
    let sent = 0;
    for (let batch = await relay.relayOnce(); batch > 0; batch = await relay.relayOnce()) {
      sent += batch;
      batches += 1;
    }
    const relayRate = rate(sent, started);
    const relayCommands = relayed.take();
    progress('relay to Kafka (backlog)', relayRate);
    await relay.stop();

    // Loading an aggregate (two thirds of a console command's round trips), by `_id` only.
    const streamCommits = versions.get(aggregates[0]) ?? 0;
    written.take();
    const load = await measureLatency(LOADS, 1, async (index) => {
      await store.readStream(aggregates[index % aggregates.length]);
    });
    const loadCommands = written.take();
    const scanLoad = await measureLatency(SCAN_LOADS, 1, async (index) => {
      await store.commits.find({ aggregateId: aggregates[index] }).sort({ version: 1 }).toArray();
    });
    console.error(
      `bench: aggregate loads: p50 ${load.p50Ms} ms (the former scan: ${scanLoad.p50Ms} ms)`,
    );

    const perCommit = (total: number, commits: number) => round(total / Math.max(commits, 1), 2);
    return {
      benchmark: 'events',
      engine: databaseEngine(),
      machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      count,
      raw_insert_per_s: rawInsert.perSecond,
      append_per_s: append.perSecond,
      append_alone_per_s: appendAlone.perSecond,
      e2e_per_s: endToEnd.perSecond,
      relay_per_s: relayRate.perSecond,
      e2e_vs_raw_insert: round(endToEnd.perSecond / rawInsert.perSecond, 2),
      e2e_target: 0.5,
      audited,
      audit_complete: audited === count,
      /** CPU ms per audited event in the command → audit entry phase, by process (2 cores). */
      cpu_ms_per_event: cpuMsPer(cpuBefore, cpuAfter, Math.max(audited, 1)),
      e2e_consumed_per_s: consumedEndToEnd.perSecond,
      e2e_consumed_vs_raw_insert: round(consumedEndToEnd.perSecond / rawInsert.perSecond, 2),
      db_commands_per_entry: perCommit(auditCommands.total, audited),
      db_commands_per_append: perCommit(appendCommandsSent.total, count),
      db_commands_per_append_alone: perCommit(appendAloneCommands.total, count),
      db_commands_per_relayed_commit: perCommit(relayCommands.total, sent),
      relay_commits_per_batch: round(sent / Math.max(batches, 1), 1),
      load_p50_ms: load.p50Ms,
      load_p99_ms: load.p99Ms,
      db_commands_per_load: round(loadCommands.total / LOADS, 2),
      commits_per_loaded_stream: streamCommits,
      scan_load_p50_ms: scanLoad.p50Ms,
      raw_kafka_produce_per_s: rawProduce.perSecond,
      raw_kafka_consume_per_s: rawConsume.perSecond,
      commands: {
        append: appendCommandsSent.byCommand,
        auditProjection: auditCommands.byCommand,
        relayBacklog: relayCommands.byCommand,
        relayWhileAppending: liveRelayCommands.byCommand,
        load: loadCommands.byCommand,
      },
    };
  } finally {
    await publisher.disconnect().catch(() => undefined);
    await auditClient.close();
    await audit.stopAll();
    rmSync(auditLog, { force: true });
    await writing.close();
    await relaying.close();
    await auditing.close();
    await dropNamespaceDatabases(config).catch(() => undefined);
  }
}
