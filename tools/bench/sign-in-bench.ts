import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { Algorithm, hash as rsHash, verify as rsVerify } from '@node-rs/argon2';
import argon2 from 'argon2';

import { IdentityMessages } from '@coffer/contracts';
import { DB_COMMAND_LOG_VARIABLE, type DbCommandRecord } from '@coffer/service-kit';
import { HttpClient, withServicesRunning } from '@coffer/testing';

import { commandsPerRequest } from '../db-commands/commands-per-request';
import { measureLatency } from './latency';
import { round } from './measure';

// The parameters identity uses (OWASP's argon2id minimum), for both bindings.
const PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const PASSWORD = 'benchmark passphrase 2026';

async function verifyRate(verify: () => Promise<unknown>, count: number) {
  const report = await measureLatency(count, 2, async () => {
    await verify();
  });
  return { perSecond: report.perSecond, meanMs: report.meanMs };
}

/**
 * `npm run bench -- sign-in [N]`: the argon2 bindings' raw verify rates, then password
 * sign-ins through the gateway (accepted and rejected) at a fixed concurrency.
 */
export async function benchSignIn(count: number) {
  const rsHashed = await rsHash(PASSWORD, { algorithm: Algorithm.Argon2id, ...PARAMETERS });
  const nodeHashed = await argon2.hash(PASSWORD, { type: argon2.argon2id, ...PARAMETERS });
  const verifyCount = Math.min(count, 200);
  const rawVerify = {
    '@node-rs/argon2': await verifyRate(() => rsVerify(rsHashed, PASSWORD), verifyCount),
    argon2: await verifyRate(() => argon2.verify(nodeHashed, PASSWORD), verifyCount),
  };

  // Every database command the services send, to count those of one sign-in.
  const logDirectory = mkdtempSync(join(tmpdir(), 'coffer-bench-sign-in-'));
  const commandLog = join(logDirectory, 'commands.jsonl');
  const env = {
    COFFER_LOCKOUT_THRESHOLD: '1000000',
    COFFER_LOCKOUT_IP_THRESHOLD: '1000000',
    [DB_COMMAND_LOG_VARIABLE]: commandLog,
  };
  try {
    return await withServicesRunning('bench-sign-in', { env }, async ({ config, seeder }) => {
      const { organization } = await seeder.organization('bench', {
        email: 'admin@bench.test',
        password: PASSWORD,
      });
      await seeder.user(organization.id, {
        email: 'user@bench.test',
        name: 'Bench User',
        password: PASSWORD,
      });
      const concurrency = 8;
      const signIn = (password: string, expected: number) => async () => {
        const response = await new HttpClient(config.publicUrl).post('/api/portal/login', {
          email: 'user@bench.test',
          password,
        });
        if (response.status !== expected)
          throw new Error(`sign-in answered ${response.status}: ${response.text}`);
      };
      const accepted = await measureLatency(count, concurrency, signIn(PASSWORD, 200));
      const commandsPerAcceptedSignIn = commandsPerSignIn(commandLog);
      const rejected = await measureLatency(count, concurrency, signIn('a wrong passphrase', 401));
      const hashingMs = rawVerify['@node-rs/argon2'].meanMs;
      const split = (report: typeof accepted) => ({
        hashingMsPerSignIn: hashingMs,
        everythingElseMs: round(Math.max(report.meanMs - hashingMs, 0), 1),
      });
      const argon2PerSecond = rawVerify['@node-rs/argon2'].perSecond;
      return {
        benchmark: 'sign-in',
        argon2_verify_per_s: argon2PerSecond,
        sign_in_per_s: accepted.perSecond,
        p50_ms: accepted.p50Ms,
        p99_ms: accepted.p99Ms,
        /** Target: at least 0.6 (a sign-in costs little more than its hash). */
        sign_in_per_argon2_verify: round(accepted.perSecond / argon2PerSecond, 2),
        db_commands_per_sign_in: commandsPerAcceptedSignIn,
        machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
        argon2Parameters: { algorithm: 'argon2id', ...PARAMETERS },
        rawVerify,
        bindingInUse: '@node-rs/argon2',
        acceptedSignIn: { ...accepted, ...split(accepted) },
        rejectedSignIn: { ...rejected, ...split(rejected) },
      };
    });
  } finally {
    rmSync(logDirectory, { recursive: true, force: true });
  }
}

/** The mean number of database commands identity sent per sign-in request logged so far. */
function commandsPerSignIn(commandLog: string): number {
  const records = readFileSync(commandLog, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DbCommandRecord);
  const signIns = commandsPerRequest(records).find(
    (count) => count.operation === IdentityMessages.signIn.signIn.pattern,
  );
  return round(signIns?.mean ?? 0, 2);
}
