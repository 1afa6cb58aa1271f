import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { Algorithm, hash as rsHash, verify as rsVerify } from '@node-rs/argon2';
import argon2 from 'argon2';

import { IdentityMessages } from '@coffer/contracts';
import { DB_COMMAND_LOG_VARIABLE, type DbCommandRecord } from '@coffer/service-kit';
import { HttpClient, type IdentitySeeder, withServicesRunning } from '@coffer/testing';

import { commandsPerRequest } from '../db-commands/commands-per-request';
import { measureLatency } from './latency';
import { round } from './measure';
import { cpuMsByProcess, cpuMsPer } from './process-cpu';

// The parameters identity uses (OWASP's argon2id minimum), for both bindings.
const PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const PASSWORD = 'benchmark passphrase 2026';
/** Raw verifies in flight: one per core of this 2-core machine. */
const VERIFIES_IN_FLIGHT = 2;
/** Sign-ins in flight, as many browsers at once. */
const CONCURRENCY = 8;
/** Thousands of sign-ins from one address must not lock anyone out. */
const NO_LOCKOUT = {
  COFFER_LOCKOUT_THRESHOLD: '1000000',
  COFFER_LOCKOUT_IP_THRESHOLD: '1000000',
};

async function verifyRate(verify: () => Promise<unknown>, count: number) {
  const report = await measureLatency(count, VERIFIES_IN_FLIGHT, async () => {
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

  const rates = await withServicesRunning(
    'bench-sign-in',
    { env: NO_LOCKOUT },
    async ({ config, seeder }) => {
      const signIn = await signInAs(config.publicUrl, seeder);
      const cpuBefore = cpuMsByProcess();
      const accepted = await measureLatency(count, CONCURRENCY, signIn(PASSWORD, 200));
      const cpuMsPerSignIn = cpuMsPer(cpuBefore, cpuMsByProcess(), count);
      const rejected = await measureLatency(count, CONCURRENCY, signIn('a wrong passphrase', 401));
      return { accepted, rejected, cpuMsPerSignIn };
    },
  );
  const commandsPerAcceptedSignIn = await countCommandsPerSignIn(Math.min(count, 100));
  const hashingMs = rawVerify['@node-rs/argon2'].meanMs;
  const split = (report: typeof rates.accepted) => ({
    hashingMsPerSignIn: hashingMs,
    everythingElseMs: round(Math.max(report.meanMs - hashingMs, 0), 1),
  });
  const argon2PerSecond = rawVerify['@node-rs/argon2'].perSecond;
  const { accepted, rejected } = rates;
  return {
    benchmark: 'sign-in',
    argon2_verify_per_s: argon2PerSecond,
    sign_in_per_s: accepted.perSecond,
    p50_ms: accepted.p50Ms,
    p99_ms: accepted.p99Ms,
    /** Target: at least 0.6 (a sign-in costs little more than its hash). */
    sign_in_per_argon2_verify: round(accepted.perSecond / argon2PerSecond, 2),
    db_commands_per_sign_in: commandsPerAcceptedSignIn,
    /** CPU each part of the system spent per accepted sign-in (the hash is in identity's). */
    cpu_ms_per_sign_in: rates.cpuMsPerSignIn,
    /** CPU of one verify alone: each in flight keeps one core busy. */
    argon2_cpu_ms_per_verify: round((VERIFIES_IN_FLIGHT * 1000) / argon2PerSecond, 1),
    machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    argon2Parameters: { algorithm: 'argon2id', ...PARAMETERS },
    rawVerify,
    bindingInUse: '@node-rs/argon2',
    acceptedSignIn: { ...accepted, ...split(accepted) },
    rejectedSignIn: { ...rejected, ...split(rejected) },
  };
}

/** An organisation with one user, and a sign-in as that user that expects `expected`. */
async function signInAs(publicUrl: string, seeder: IdentitySeeder) {
  const { organization } = await seeder.organization('bench', {
    email: 'admin@bench.test',
    password: PASSWORD,
  });
  await seeder.user(organization.id, {
    email: 'user@bench.test',
    name: 'Bench User',
    password: PASSWORD,
  });
  return (password: string, expected: number) => async () => {
    const response = await new HttpClient(publicUrl).post('/api/portal/login', {
      email: 'user@bench.test',
      password,
    });
    if (response.status !== expected)
      throw new Error(`sign-in answered ${response.status}: ${response.text}`);
  };
}

/**
 * Database commands per accepted sign-in, in a run of its own: recording them (driver command
 * monitoring, a line written per command) costs the services CPU that the rates must not pay.
 */
async function countCommandsPerSignIn(count: number): Promise<number> {
  const logDirectory = mkdtempSync(join(tmpdir(), 'coffer-bench-sign-in-'));
  const commandLog = join(logDirectory, 'commands.jsonl');
  try {
    const env = { ...NO_LOCKOUT, [DB_COMMAND_LOG_VARIABLE]: commandLog };
    await withServicesRunning('bench-sign-in-commands', { env }, async ({ config, seeder }) => {
      const signIn = await signInAs(config.publicUrl, seeder);
      await measureLatency(count, CONCURRENCY, signIn(PASSWORD, 200));
    });
    return commandsPerSignIn(commandLog);
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
