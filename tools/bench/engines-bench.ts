import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import mongoose from 'mongoose';

import { loadConfig } from '@coffer/config';

import {
  type DatabaseEngine,
  type DatabaseStartOptions,
  describeDatabase,
  startDatabase,
  stopDatabase,
} from '../infra/database';
import { checkEngineCompatibility, type CompatibilityReport } from '../infra/engine-compatibility';
import { type InfraContext, infraContext } from '../infra/infra-context';
import { checkKillUnderLoad, type KillUnderLoadReport } from '../infra/kill-under-load';
import { connectMongo } from '../infra/mongo-client';
import { round } from './measure';

type Db = mongoose.mongo.Db;

const CONCURRENCY = 16;
const DAY_MS = 86_400_000;
const ACTIVITY_TYPES = [
  'sign-in.succeeded',
  'sign-in.failed',
  'user.created',
  'user.disabled',
  'administrator.created',
  'api-token.created',
  'pst-export.requested',
  'profile.changed',
];
const ORGANISATIONS = 4;
const BLOB_BYTES = 256 * 1024;

/**
 * Every phase stops at its count or at its time budget, whichever comes first, so a slow engine
 * is measured on fewer operations (and says so) instead of holding the run for an hour.
 */
const BUDGET_MS = {
  insert: 40_000,
  update: 25_000,
  findById: 8_000,
  findByUnique: 8_000,
  auditQuery: 15_000,
  blob: 5_000,
};
/** How long 16 writers insert before the database is killed. */
const KILL_AFTER_MS = 3_000;
const FIND_BY_ID_COUNT = 2_000;
const FIND_BY_UNIQUE_COUNT = 500;
const AUDIT_QUERY_COUNT = 40;
const BLOB_READ_COUNT = 200;

interface EngineUnderTest {
  /** Name in the table and in the JSON. */
  label: string;
  engine: DatabaseEngine;
  options?: DatabaseStartOptions;
  /** Only the write rates and the kill -9 check: the variant exists to show what durability costs. */
  writesOnly?: boolean;
}

const ENGINES: EngineUnderTest[] = [
  { label: 'mongo-java-server', engine: 'mongo-java-server' },
  {
    label: 'mongo-java-server-commit-every-second',
    engine: 'mongo-java-server',
    options: { commitEveryWrite: false },
    writesOnly: true,
  },
  { label: 'ferretdb-sqlite', engine: 'ferretdb-sqlite' },
  { label: 'ferretdb-postgres', engine: 'ferretdb-postgres' },
];

interface Bounded {
  done: number;
  errors: number;
  firstError?: string;
  seconds: number;
  latencies: number[];
}

/** Runs `operation(i)` up to `count` times, `concurrency` in flight, until `budgetMs` has passed. */
async function runBounded(
  count: number,
  concurrency: number,
  budgetMs: number,
  operation: (index: number) => Promise<unknown>,
): Promise<Bounded> {
  const started = performance.now();
  const deadline = started + budgetMs;
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count && performance.now() < deadline) {
        const index = next++;
        const begun = performance.now();
        try {
          await operation(index);
          latencies.push(performance.now() - begun);
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  return {
    done: latencies.length,
    errors,
    firstError,
    seconds: (performance.now() - started) / 1000,
    latencies,
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return round(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))], 2);
}

function rateOf(run: Bounded) {
  return {
    perSecond: round(run.done / run.seconds, 1),
    count: run.done,
    seconds: round(run.seconds, 1),
    ...(run.errors > 0 ? { errors: run.errors, firstError: run.firstError } : {}),
  };
}

function latencyOf(run: Bounded) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    count: run.done,
    ...(run.errors > 0 ? { errors: run.errors, firstError: run.firstError } : {}),
  };
}

/** A context of its own per engine: its own data directory and port, beside any running infra. */
function engineContext(base: InfraContext, label: string, port: number): InfraContext {
  const dataDir = join(base.dataDir, 'engines-bench', label);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({
    ...process.env,
    COFFER_INFRA_DIR: dataDir,
    COFFER_MONGO_PORT: String(port),
    COFFER_MONGO_URL: undefined,
  });
  return { ...base, config, dataDir };
}

function urlOf(context: InfraContext): string {
  return `mongodb://${context.config.host}:${context.config.ports.mongo}`;
}

function entryOf(index: number, total: number) {
  // Spread over 180 days in an order unrelated to insertion, as entries of many sources are.
  const spread = Math.floor(((Math.imul(index, 2_654_435_761) >>> 0) / 2 ** 32) * 180 * DAY_MS);
  return {
    _id: `entry-${index}`,
    email: `user-${index}@bench.coffer.test`,
    orgId: `org-${index % ORGANISATIONS}`,
    activityType: ACTIVITY_TYPES[index % ACTIVITY_TYPES.length],
    occurredAt: new Date(Date.UTC(2026, 0, 1) + spread),
    actor: {
      type: 'administrator',
      id: `admin-${index % 50}`,
      email: `admin-${index % 50}@x.test`,
    },
    description: `Bench entry ${index} of ${total}: ${'x'.repeat(120)}`,
    sequence: 0,
  };
}

/** The measures of one engine; each phase logs its progress on stderr. */
async function measureEngine(
  subject: EngineUnderTest,
  context: InfraContext,
  count: number,
): Promise<Record<string, unknown>> {
  const notes: string[] = subject.writesOnly
    ? [
        "commits about once a second, MVStore's default: here only to show what committing every write costs; losing acknowledged inserts on kill -9 is what it does",
      ]
    : [];
  const log = (line: string) => console.error(`bench engines: ${subject.label}: ${line}`);
  const startedAt = performance.now();
  await startDatabase(context, subject.engine, subject.options);
  log(`started in ${round((performance.now() - startedAt) / 1000, 1)} s`);
  const result: Record<string, unknown> = {
    server: describeDatabase(context, subject.engine),
  };
  const client = await connectMongo(urlOf(context), CONCURRENCY * 2);
  try {
    const db = client.db('bench');
    const entries = db.collection<ReturnType<typeof entryOf>>('entries');
    // The indexes a service would declare, built before the load so inserts pay for them.
    await entries.createIndex({ email: 1 }, { unique: true });
    await entries.createIndex({ orgId: 1, activityType: 1, occurredAt: -1 });

    const inserts = await runBounded(count, CONCURRENCY, BUDGET_MS.insert, (index) =>
      entries.insertOne(entryOf(index, count)),
    );
    result.insertOne = rateOf(inserts);
    log(`insertOne: ${inserts.done} in ${round(inserts.seconds, 1)} s`);
    // What was inserted is what later phases read: numbered 0 … stored-1 when none failed.
    const stored = await entries.countDocuments({});
    if (stored < count)
      notes.push(
        `N lowered to ${stored}: ${count} inserts did not fit in ${BUDGET_MS.insert / 1000} s`,
      );

    const updates = await runBounded(stored, CONCURRENCY, BUDGET_MS.update, (index) =>
      entries.updateOne(
        { _id: `entry-${(Math.imul(index, 7_919) >>> 0) % stored}` },
        { $inc: { sequence: 1 }, $set: { touchedAt: new Date() } },
      ),
    );
    result.updateOneById = { ...rateOf(updates), documents: stored };
    log(`updateOne by _id: ${updates.done} in ${round(updates.seconds, 1)} s`);
    if (updates.done < stored)
      notes.push(
        `updateOne measured on ${updates.done} updates (of ${stored}) within ${BUDGET_MS.update / 1000} s`,
      );

    if (!subject.writesOnly) {
      await measureReads(db, stored, result, log);
    }
  } finally {
    await client.close(true).catch(() => undefined);
  }
  try {
    const killed = await checkKillUnderLoad(
      context,
      subject.engine,
      subject.options,
      KILL_AFTER_MS,
    );
    result.killUnderLoad = killed;
    log(
      `kill -9 under load: ${killed.missing} of ${killed.acknowledged} acknowledged inserts missing`,
    );
    // Last, on the restarted server: FerretDB hangs on one of these and stays stuck.
    if (!subject.writesOnly) {
      const compatibility = await checkEngineCompatibility(urlOf(context));
      result.compatibility = compatibility;
      log(`mongoose operations: ${compatibility.passed}/${compatibility.of} passed`);
    }
  } finally {
    await stopDatabase(context, subject.engine);
  }
  result.notes = notes;
  result.seconds = round((performance.now() - startedAt) / 1000, 1);
  return result;
}

async function measureReads(
  db: Db,
  stored: number,
  result: Record<string, unknown>,
  log: (line: string) => void,
) {
  const entries = db.collection<ReturnType<typeof entryOf>>('entries');
  const pick = (index: number) => (Math.imul(index + 1, 104_729) >>> 0) % stored;
  // One at a time: these are latencies, not rates.
  const byId = await runBounded(FIND_BY_ID_COUNT, 1, BUDGET_MS.findById, async (index) => {
    if (!(await entries.findOne({ _id: `entry-${pick(index)}` }))) throw new Error('not found');
  });
  result.findOneById = latencyOf(byId);
  log(`findOne by _id: ${byId.done}`);

  const byUnique = await runBounded(
    FIND_BY_UNIQUE_COUNT,
    1,
    BUDGET_MS.findByUnique,
    async (index) => {
      const email = `user-${pick(index)}@bench.coffer.test`;
      if (!(await entries.findOne({ email }))) throw new Error('not found');
    },
  );
  result.findOneByUniqueField = latencyOf(byUnique);
  log(`findOne by unique email: ${byUnique.done}`);

  // As the audit trail sends it: one organisation, one activity type, a 30-day period, newest first.
  const auditFilter = (index: number) => {
    const from = new Date(Date.UTC(2026, 0, 1) + (index % 150) * DAY_MS);
    return {
      $and: [
        { orgId: 'org-1' },
        { activityType: ACTIVITY_TYPES[1] },
        { occurredAt: { $gte: from } },
        { occurredAt: { $lt: new Date(from.getTime() + 30 * DAY_MS) } },
      ],
    };
  };
  const audit = await runBounded(AUDIT_QUERY_COUNT, 1, BUDGET_MS.auditQuery, async (index) => {
    await entries.find(auditFilter(index)).sort({ occurredAt: -1, _id: -1 }).limit(101).toArray();
  });
  result.auditQuery = latencyOf(audit);
  log(`audit query: ${audit.done}`);
  const auditCount = await runBounded(AUDIT_QUERY_COUNT / 4, 1, BUDGET_MS.auditQuery / 3, (index) =>
    entries.countDocuments(auditFilter(index)),
  );
  result.auditCount = latencyOf(auditCount);

  const blobs = db.collection<{ _id: string; data: mongoose.mongo.Binary }>('blobs');
  for (let index = 0; index < 8; index++) {
    await blobs.insertOne({
      _id: `chunk-${index}`,
      data: new mongoose.mongo.Binary(randomBytes(BLOB_BYTES)),
    });
  }
  const blob = await runBounded(BLOB_READ_COUNT, 1, BUDGET_MS.blob, async (index) => {
    const found = await blobs.findOne({ _id: `chunk-${index % 8}` });
    if (found?.data.length() !== BLOB_BYTES) throw new Error('blob missing or cut short');
  });
  result.blob256KiBById = latencyOf(blob);
  log(`256 KiB blob by _id: ${blob.done}`);
}

function printTable(label: string, figures: Record<string, unknown>) {
  const f = figures as Record<string, Record<string, unknown> | undefined>;
  const n = (value: unknown) =>
    typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '—';
  const rateRow = (entry?: Record<string, unknown>) =>
    entry
      ? `${n(entry.perSecond)} /s (${n(entry.count)} in ${n(entry.seconds)} s${entry.errors ? `, ${n(entry.errors)} errors: ${String(entry.firstError).slice(0, 60)}` : ''})`
      : '—';
  const latencyRow = (entry?: Record<string, unknown>) =>
    entry
      ? `p50 ${n(entry.p50Ms)} ms, p99 ${n(entry.p99Ms)} ms (${n(entry.count)} queries${entry.errors ? `, ${n(entry.errors)} errors` : ''})`
      : '—';
  const kill = figures.killUnderLoad as KillUnderLoadReport | undefined;
  const compat = figures.compatibility as CompatibilityReport | undefined;
  const rows: [string, string][] = [
    ['insertOne, 16 in flight', rateRow(f.insertOne)],
    [
      `updateOne by _id, 16 in flight, ${n(f.updateOneById?.documents)} docs`,
      rateRow(f.updateOneById),
    ],
    ['findOne by _id', latencyRow(f.findOneById)],
    ['findOne by a unique indexed field', latencyRow(f.findOneByUniqueField)],
    ['audit query ($and, sort occurredAt desc, limit 101)', latencyRow(f.auditQuery)],
    ['  its countDocuments', latencyRow(f.auditCount)],
    ['256 KiB binary document by _id', latencyRow(f.blob256KiBById)],
    [
      'kill -9 under load, 16 writers',
      kill
        ? `${kill.passed ? 'PASS' : 'FAIL'}: ${n(kill.missing)} of ${n(kill.acknowledged)} acknowledged inserts missing after restart`
        : '—',
    ],
    [
      'mongoose 8 operations',
      compat
        ? `${compat.passed}/${compat.of} passed${Object.entries(compat.failures)
            .map(([name, why]) => `; ${name}: ${why}`)
            .join('')}`
        : '—',
    ],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(
    `\n${label} — ${String(figures.server ?? figures.skipped ?? '')} (${n(figures.seconds)} s)`,
  );
  for (const [name, value] of rows)
    if (value !== '—') console.log(`  ${name.padEnd(width)}  ${value}`);
  for (const note of (figures.notes as string[] | undefined) ?? []) console.log(`  note: ${note}`);
}

/**
 * `npm run bench -- engines [N] [--json] [--engines a,b]`: starts each embedded MongoDB-protocol
 * engine in turn through tools/infra, on a port and data directory of its own, and measures the
 * project's hot operations on it with the raw driver, its durability under kill -9 and the
 * mongoose operations the services use. One table per engine; `--json` prints one JSON line.
 */
export async function benchEngines(count: number): Promise<unknown> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const only = args[args.indexOf('--engines') + 1];
  const chosen = args.includes('--engines') ? new Set(only?.split(',')) : undefined;
  const base = infraContext();
  const engines: Record<string, unknown> = {};
  for (const [index, subject] of ENGINES.entries()) {
    if (chosen && !chosen.has(subject.label)) continue;
    const context = engineContext(base, subject.label, base.config.ports.mongo + 37 + index);
    try {
      engines[subject.label] = await measureEngine(subject, context, count);
      // Hundreds of MB for mongo-java-server alone (see mongo-java-server-launcher/); a failed
      // engine's directory stays, for its log.
      rmSync(context.dataDir, { recursive: true, force: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`bench engines: ${subject.label}: skipped: ${reason}`);
      engines[subject.label] = { skipped: reason };
      await stopDatabase(context, subject.engine).catch(() => undefined);
    }
    if (!json) printTable(subject.label, engines[subject.label] as Record<string, unknown>);
  }
  const result = {
    machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    count,
    engines,
  };
  // With --json, bench.ts prints it as the one line; otherwise the tables above said it all.
  return result;
}
