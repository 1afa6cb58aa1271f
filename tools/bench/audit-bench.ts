import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { v7 as uuidv7 } from 'uuid';

import { Topics, type AuditRebuildStatus, type AuditTrailPage } from '@coffer/contracts';
import { createKafka, EventPublisher } from '@coffer/messaging';
import {
  HttpClient,
  IdentitySeeder,
  runOps,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

import { measureLatency } from './latency';
import { rate } from './measure';

const PUBLISH_BATCH = 2_000;
const DAY_MS = 86_400_000;
const PERIOD_DAYS = 30;
/** One at a time: on FerretDB each query scans the trail, and two in parallel only share the cores. */
const QUERIES = 30;

/**
 * `npm run bench -- audit [N]`: N sign-in events (the trail's high-volume kind) spread over 30
 * days are produced onto `identity.auth`; measured: how fast the live audit projection takes
 * them in, filtered trail queries (activity type + administrator + a one-day period, first
 * page with its total) at p50/p99 through the gateway, and an operator's rebuild of the whole
 * trail from the topics.
 */
export async function benchAudit(count: number) {
  const { env, config } = testEnvironment('bench-audit');
  const services = await ServiceProcesses.launch({ env });
  const seeder = new IdentitySeeder(config);
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'bench-audit' });
  const publisher = new EventPublisher(kafka);
  try {
    await waitForHealthyGateway(config.publicUrl);
    const password = 'benchmark administrator passphrase';
    const { organization, administrator } = await seeder.organization('bench-audit', {
      email: 'admin@bench-audit.test',
      password,
    });
    const admin = new HttpClient(config.publicUrl);
    await admin.post('/api/console/login', { email: 'admin@bench-audit.test', password });
    const signInTotal = async () =>
      (await admin.get<AuditTrailPage>('/api/console/audit-trail?activityType=sign-in&limit=1'))
        .body.total;
    const before = await signInTotal();

    const periodStart = Date.now() - PERIOD_DAYS * DAY_MS;
    const topic = `${config.topicPrefix}${Topics.identityAuth}`;
    const started = performance.now();
    for (let offset = 0; offset < count; offset += PUBLISH_BATCH) {
      const size = Math.min(PUBLISH_BATCH, count - offset);
      await publisher.publish(
        Array.from({ length: size }, (_, index) => {
          const i = offset + index;
          const byAdministrator = i % 2 === 0;
          const id = uuidv7();
          return {
            topic,
            key: id,
            value: JSON.stringify({
              id,
              type: 'identity.sign-in.failed',
              schemaVersion: 1,
              orgId: organization.id,
              aggregate: { type: 'sign-in-attempt', id, version: 1 },
              occurredAt: new Date(
                periodStart + Math.floor((i * PERIOD_DAYS * DAY_MS) / count),
              ).toISOString(),
              actor: {
                type: 'administrator',
                ...(byAdministrator ? { id: administrator.id } : {}),
                email: byAdministrator
                  ? 'admin@bench-audit.test'
                  : `someone${i % 500}@bench-audit.test`,
                ip: `10.0.${(i >> 8) % 256}.${i % 256}`,
              },
              correlationId: id,
              payload: {
                surface: 'console',
                email: 'admin@bench-audit.test',
                reason: 'bad-credentials',
              },
            }),
          };
        }),
      );
    }
    const produced = rate(count, started);
    let lastLog = 0;
    for (;;) {
      const projected = (await signInTotal()) - before;
      if (projected >= count) break;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        console.error(`bench: projected ${projected}/${count}`);
      }
      await sleep(1_000);
    }
    const liveProjection = rate(count, started);

    const query = await measureLatency(QUERIES, 1, async (index) => {
      const from = new Date(periodStart + (index % PERIOD_DAYS) * DAY_MS);
      const to = new Date(from.getTime() + DAY_MS);
      const page = await admin.get<AuditTrailPage>(
        `/api/console/audit-trail?trail=admin&activityType=sign-in&administratorId=${administrator.id}` +
          `&from=${from.toISOString()}&to=${to.toISOString()}&limit=50`,
      );
      if (page.status !== 200 || page.body.entries.length === 0)
        throw new Error(`query answered ${page.status} with ${page.body.entries?.length} entries`);
    });
    const firstPage = await measureLatency(QUERIES, 1, async () => {
      const page = await admin.get('/api/console/audit-trail?limit=50');
      if (page.status !== 200) throw new Error(`query answered ${page.status}`);
    });

    const rebuilt = await runOps<AuditRebuildStatus>(env, ['projections', 'rebuild', 'audit']);
    const rebuildSeconds =
      (Date.parse(rebuilt.finishedAt ?? '') - Date.parse(rebuilt.startedAt ?? '')) / 1000;
    return {
      benchmark: 'audit',
      machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      events: count,
      produced,
      liveProjection,
      filteredQuery: query,
      unfilteredFirstPage: firstPage,
      rebuild: {
        state: rebuilt.state,
        read: rebuilt.read,
        seconds: rebuildSeconds,
        perSecond: Math.round(rebuilt.read / rebuildSeconds),
      },
    };
  } finally {
    await publisher.disconnect();
    await seeder.close();
    await services.stopAll();
  }
}
