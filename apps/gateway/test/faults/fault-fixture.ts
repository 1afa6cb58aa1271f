import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ApiTokenWithSecret, PstExportView, UserView } from '@coffer/contracts';
import {
  ALL_SERVICES,
  checkConsistencyWithOps,
  expectEventually,
  HttpClient,
  IdentitySeeder,
  importMailboxWithOps,
  type LoadAccounts,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

/**
 * One fault test's world: every service running as a real process, an organisation with a cloud
 * administrator, an active user with a small Gmail backup, and an API token, ready for MixedLoad.
 */
export async function startFaultWorld(label: string) {
  const { env, config } = testEnvironment(label);
  const baseUrl = config.publicUrl;
  const domain = `${label}.test`;
  // Restarted services should notice dead peers and stalled work quickly in these tests.
  const services = await ServiceProcesses.launch({
    env: {
      ...env,
      COFFER_PST_SWEEP_SECONDS: '1',
      // The driver logs its view of the database (heartbeats, topology changes) into each
      // service's log, so a service that does not recover says what its driver saw.
      MONGODB_LOG_TOPOLOGY: 'debug',
      MONGODB_LOG_PATH: 'stderr',
    },
  });
  await waitForHealthyGateway(baseUrl);
  const seeder = new IdentitySeeder(config);
  const administrator = { email: `ada@${domain}`, password: 'administrator passphrase 9' };
  const user = { email: `bob@${domain}`, password: 'user passphrase number 9' };
  const { organization } = await seeder
    .organization(label, administrator)
    .finally(() => seeder.close());

  const admin = new HttpClient(baseUrl);
  expect((await admin.post('/api/console/login', administrator)).status).toBe(200);
  const bob = await admin.post<UserView>('/api/console/users', { ...user, name: 'Bob' });
  expect(bob.status).toBe(201);
  const token = await admin.post<ApiTokenWithSecret>('/api/console/api-tokens', {
    name: 'fault load',
    expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  expect(token.status).toBe(201);

  const dir = await mkdtemp(join(tmpdir(), `faults-${label}-`));
  const mbox = join(dir, 'bob.mbox');
  await writeFile(mbox, smallMbox(20));
  await importMailboxWithOps(env, organization.id, user.email, mbox);

  const accounts: LoadAccounts = {
    administrator,
    user,
    apiToken: token.body.secret,
    emailDomain: `load.${domain}`,
  };
  return {
    env,
    baseUrl,
    services,
    accounts,
    admin,
    bobId: bob.body.id,

    /** Requests an export of Bob's backup; the answer as the caller saw it. */
    requestExport: () =>
      admin
        .post<PstExportView>('/api/console/pst-exports', { userId: bob.body.id, source: 'gmail' })
        .catch(() => undefined),

    /** An export that was acknowledged ends completed, whatever died on the way. */
    async expectExportCompleted(exportId: string, timeoutMs = 180_000) {
      await expectEventually(
        async () => {
          const { body } = await admin.get<PstExportView>(`/api/console/pst-exports/${exportId}`);
          expect(body.status).toBe('completed');
        },
        { timeoutMs, intervalMs: 1_000 },
      );
    },

    /**
     * Waits until every service is healthy; if one is not, the error ends with what that
     * service's log last said about its database and its errors.
     */
    async waitUntilHealthy(timeoutMs = 120_000) {
      try {
        await waitForHealthyGateway(baseUrl, timeoutMs);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const unhealthy = ALL_SERVICES.filter((name) =>
          new RegExp(`Not ready: [^.]*\\b${name}\\b`).test(message),
        );
        const tails = unhealthy.map(
          (name) =>
            `\n--- ${name}.log, last heartbeats, topology changes and errors:\n` +
            services.logTail(name, /heartbeat|Topology description|"level":5/).join('\n'),
        );
        throw new Error(message + tails.join(''));
      }
    },

    /** `ops check`: every service's events against the audit trail and its read models. */
    async expectConsistent(waitSeconds = 120) {
      await this.waitUntilHealthy();
      const findings = await checkConsistencyWithOps(env, waitSeconds);
      expect(findings).toMatchObject({ consistent: true });
    },

    async close() {
      await services.stopAll();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type FaultWorld = Awaited<ReturnType<typeof startFaultWorld>>;

/** A Gmail-style mbox of `count` short plain-text messages. */
function smallMbox(count: number): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `From sender${i}@example.com Mon Jan  1 00:00:00 2024\n` +
      `From: Sender ${i} <sender${i}@example.com>\n` +
      `To: bob@example.com\n` +
      `Subject: Message ${i}\n` +
      `Date: Mon, 1 Jan 2024 10:${String(i % 60).padStart(2, '0')}:00 +0000\n` +
      `Message-ID: <m${i}@example.com>\n` +
      `X-Gmail-Labels: Inbox\n` +
      `Content-Type: text/plain; charset=utf-8\n\n` +
      `Body of message ${i}.\n`,
  ).join('\n');
}
