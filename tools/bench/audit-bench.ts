import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import mongoose, { type mongo } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { type AuditRebuildStatus, type EventEnvelope, Topics } from '@coffer/contracts';
import { createKafka, ensureTopics, EventPublisher } from '@coffer/messaging';
import { createLogger } from '@coffer/service-kit';
import { REPO_ROOT, testEnvironment } from '@coffer/testing';

import { AUDITED_TOPICS } from '../../apps/audit/src/audited-topics';
import { OperatorActions } from '../../apps/audit/src/rebuild/operator-actions';
import { TrailRebuild } from '../../apps/audit/src/rebuild/trail-rebuild';
import { queryAuditTrail } from '../../apps/audit/src/trail/audit-trail-query';
import { LiveTrail } from '../../apps/audit/src/trail/live-trail';
import { daySummaryId } from '../../apps/audit/src/trail/trail-buckets';
import type { SummaryDocument } from '../../apps/audit/src/trail/trail-documents';
import {
  administratorId,
  peopleEvents,
  syntheticEvent,
  type SyntheticTrail,
  topicOf,
} from '../../apps/audit/test/synthetic-trail';
import { type LatencyReport, measureLatency } from './latency';
import { rate, round } from './measure';
import { waitUntilIdle } from './process-cpu';

const DAY_MS = 86_400_000;
const SPAN_DAYS = 180;

/**
 * `--days D` spreads the N entries over D days instead of 180: N/D entries a day, as dense as
 * the million over 180 days with N = 5,556 × D, where a loaded machine cannot load a
 * million in the time it has (the seed's query reads one day of one administrator, so its cost
 * follows the density, not the days).
 */
function spanDays(): number {
  const args = process.argv.slice(2);
  if (!args.includes('--days')) return SPAN_DAYS;
  const days = Number(args[args.indexOf('--days') + 1]);
  if (!Number.isInteger(days) || days < 1)
    throw new Error('--days must be a positive whole number');
  return days;
}
/** `--no-rebuild` stops after the queries (while iterating on them; the rebuild takes as long as the load). */
function rebuilds(): boolean {
  return !process.argv.slice(2).includes('--no-rebuild');
}
/** Events applied per call of the projection's batch path (as the rebuild applies them). */
const LOAD_BATCH = 10_000;
const PUBLISH_BATCH = 2_000;
/** Of each kind: a p99 of 1,000 is their tenth slowest (of 200 it was the second, a single stall). */
const QUERIES = 1_000;
const RAW_READS = 500;
const TARGET_QUERY_P99_MS = 50;

/**
 * `npm run bench -- audit [N]`: N audit entries of one organisation over 180 days, loaded
 * through the projection's own batch path (the one a rebuild uses) while the same events are
 * produced onto the audited topics; then, against the trail the service would read, the seed's
 * filtered query (admin trail, activity type, administrator, one day: first page and total) and
 * the unfiltered first page with its total, at p50/p99, next to the raw driver's findOne by `_id`
 * on the same server; then an operator's rebuild of the whole trail from the topics.
 */
export async function benchAudit(count: number) {
  const { config } = testEnvironment('bench-audit');
  const connection = await mongoose.createConnection(databaseUrl(config, 'audit')).asPromise();
  const db = connection.db as unknown as mongo.Db;
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'bench-audit' });
  const publisher = new EventPublisher(kafka);
  const topics = AUDITED_TOPICS.map((topic) => `${config.topicPrefix}${topic}`);
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const days = spanDays();
  const trail: SyntheticTrail = {
    orgId: randomUUID(),
    administrators: 10,
    users: 500,
    start: new Date(today - days * DAY_MS),
    spanMs: days * DAY_MS,
    count,
  };
  const progress = (text: string) => console.error(`bench audit: ${text}`);
  const loadAverageBefore = loadavg()[0];
  try {
    await ensureTopics(kafka, topics, config.topicLayout);
    const live = new LiveTrail(db);
    const projection = await live.current();
    const publish = async (events: EventEnvelope[]) => {
      // In requests the brokers' message size takes.
      for (let offset = 0; offset < events.length; offset += PUBLISH_BATCH)
        await publisher.publish(
          events.slice(offset, offset + PUBLISH_BATCH).map((event) => ({
            topic: `${config.topicPrefix}${topicOf(event)}`,
            key: event.aggregate.id,
            value: JSON.stringify(event),
          })),
        );
    };

    const people = peopleEvents(trail);
    await publish(people);
    await projection.applyBatch(people);
    let applying = 0;
    let publishing: Promise<void> = Promise.resolve();
    let lastLog = performance.now();
    for (let offset = 0; offset < count; offset += LOAD_BATCH) {
      const events = Array.from({ length: Math.min(LOAD_BATCH, count - offset) }, (_, index) =>
        syntheticEvent(trail, offset + index),
      );
      // Producing (for the rebuild below) overlaps applying; only applying is timed.
      await publishing;
      publishing = publish(events);
      const begun = performance.now();
      await projection.applyBatch(events);
      applying += performance.now() - begun;
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        progress(`loaded ${offset + events.length}/${count}`);
      }
    }
    await publishing;
    const load = { ...rate(count, 0, applying), batch: LOAD_BATCH };
    progress(`loaded ${count} at ${load.perSecond}/s`);
    // A million entries in minutes, not over 180 days: the engine digests them for a while.
    const settleSeconds = await waitUntilIdle('database');
    progress(`the database went idle after ${settleSeconds} s`);

    const filtered = await measureLatency(QUERIES, 1, async (index) => {
      // Every day of the span for one administrator, then for the next: no query repeats another.
      const from = new Date(trail.start.getTime() + (index % days) * DAY_MS);
      const administrator = administratorId(trail, Math.floor(index / days) % trail.administrators);
      const page = await queryAuditTrail(projection, {
        orgId: trail.orgId,
        viewerRole: 'cloud-administrator',
        trail: 'admin',
        activityType: 'sign-in',
        administratorId: administrator,
        from: from.toISOString(),
        to: new Date(from.getTime() + DAY_MS).toISOString(),
        limit: 50,
      });
      if (count >= 100_000 && page.entries.length === 0)
        throw new Error(`the filtered query found nothing on ${from.toISOString()}`);
    });
    const unfiltered = await measureLatency(QUERIES, 1, async () => {
      const page = await queryAuditTrail(projection, {
        orgId: trail.orgId,
        viewerRole: 'cloud-administrator',
        limit: 50,
      });
      if (page.total < count) throw new Error(`the trail holds ${page.total} of ${count} entries`);
    });
    const raw = await rawFindById(projection.summaries.summaries, (index) =>
      daySummaryId(trail.orgId, new Date(trail.start.getTime() + (index % days) * DAY_MS)),
    );
    // Before the rebuild, which takes as long as the load: the figures survive a run cut short.
    progress(`queries: ${JSON.stringify({ filtered, unfiltered, raw })}`);

    const loadAverageQueries = loadavg()[0];
    const rebuilt = rebuilds()
      ? await rebuild(db, kafka, topics, config.topicPrefix, live, progress)
      : undefined;
    const rebuildSeconds = rebuilt
      ? (Date.parse(rebuilt.finishedAt ?? '') - Date.parse(rebuilt.startedAt ?? '')) / 1000
      : undefined;
    const queryP50 = Math.max(filtered.p50Ms, unfiltered.p50Ms);
    const queryP99 = Math.max(filtered.p99Ms, unfiltered.p99Ms);
    return {
      benchmark: 'audit',
      engine: databaseEngine(),
      machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      entries: count + people.length,
      span_days: days,
      entries_per_day: Math.round(count / days),
      load_per_s: load.perSecond,
      /** How long after the load the database kept a core busy (compacting) before the queries. */
      settle_seconds: settleSeconds,
      query_p50_ms: queryP50,
      query_p99_ms: queryP99,
      filtered_p50_ms: filtered.p50Ms,
      filtered_p99_ms: filtered.p99Ms,
      unfiltered_p50_ms: unfiltered.p50Ms,
      unfiltered_p99_ms: unfiltered.p99Ms,
      rebuild_per_s:
        rebuilt && rebuildSeconds ? Math.round(rebuilt.read / rebuildSeconds) : undefined,
      raw_find_by_id_p50_ms: raw.p50Ms,
      raw_find_by_id_p99_ms: raw.p99Ms,
      load_average: { before: loadAverageBefore, queries: loadAverageQueries, after: loadavg()[0] },
      query_p50_to_raw_find_by_id_p50: round(queryP50 / raw.p50Ms, 1),
      target_query_p99_ms: TARGET_QUERY_P99_MS,
      target_met: queryP99 < TARGET_QUERY_P99_MS,
      details: {
        load,
        filteredQuery: filtered,
        unfilteredFirstPage: unfiltered,
        rawFindById: raw,
        rebuild: rebuilt && { state: rebuilt.state, read: rebuilt.read, seconds: rebuildSeconds },
      },
    };
  } finally {
    await publisher.disconnect();
    await db.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

/** The engine `npm run infra -- up` started, as it recorded it. */
function databaseEngine(): string {
  const stateFile = join(process.env.COFFER_INFRA_DIR ?? join(REPO_ROOT, '.infra'), 'infra.json');
  const state = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as { databaseEngine?: string })
    : {};
  return state.databaseEngine ?? process.env.COFFER_DB_ENGINE ?? 'ferretdb';
}

/** The raw driver's findOne by `_id` of one day's summary: the smallest read a query makes. */
function rawFindById(
  summaries: mongo.Collection<SummaryDocument>,
  idOf: (index: number) => string,
): Promise<LatencyReport> {
  return measureLatency(RAW_READS, 1, async (index) => {
    if (!(await summaries.findOne({ _id: idOf(index) }))) throw new Error('a summary is missing');
  });
}

/** `projections rebuild audit` as the service runs it, here against the benchmark's topics. */
async function rebuild(
  db: mongo.Db,
  kafka: ReturnType<typeof createKafka>,
  topics: string[],
  topicPrefix: string,
  live: LiveTrail,
  progress: (text: string) => void,
): Promise<AuditRebuildStatus> {
  const rebuild = new TrailRebuild(
    db,
    kafka,
    topics,
    `${topicPrefix}${Topics.identityEvents}`,
    `${topicPrefix}audit-`,
    live,
    new OperatorActions(db),
    createLogger('bench-audit', { logLevel: 'warn' }),
  );
  await rebuild.start();
  let lastLog = performance.now();
  for (;;) {
    const status = await rebuild.status();
    if (status.state === 'completed') return status;
    if (status.state === 'failed') throw new Error(`the rebuild failed: ${status.error}`);
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      progress(`rebuild ${status.phase} ${status.read}/${status.total}`);
    }
    await sleep(1_000);
  }
}
