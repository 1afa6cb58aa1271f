import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { REPO_ROOT } from '../infra/infra-context';

/** CPU time the kernel counts in clock ticks (`getconf CLK_TCK`, 100 on Linux). */
const TICK_MS = 10;

/**
 * Which part of the system under test a process is: a service this benchmark started (its child),
 * or the database or Kafka of the infrastructure in `infraDir` (another checkout's, or the fault
 * suite's beside it, are not counted).
 */
function labelOf(pid: number, commandLine: string, infraDir: string): string | undefined {
  if (pid === process.pid) return 'benchmark';
  const service = /dist\/apps\/([a-z-]+)\/src\/main\.js/.exec(commandLine);
  if (service) return parentOf(pid) === process.pid ? service[1] : undefined;
  if (commandLine.includes(join(infraDir, 'kafka') + '/')) return 'kafka';
  for (const engine of ['mongo-java-server', 'ferretdb', 'postgres'])
    if (commandLine.includes(join(infraDir, engine) + '/')) return 'database';
  return undefined;
}

function statFields(pid: number): string[] | undefined {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone meanwhile
  }
}

function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : undefined; // field 4
}

function ticksOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[11]) + Number(fields[12]) : undefined; // utime + stime (14, 15)
}

/**
 * CPU milliseconds used so far by each kind of process of the system under test (Linux `/proc`),
 * summed over processes of one kind, and by this benchmark process itself. Two readings around a
 * run tell where its CPU went, which on a 2-core machine shared by everything is what bounds it.
 */
export function cpuMsByProcess(
  infraDir = process.env.COFFER_INFRA_DIR ?? join(REPO_ROOT, '.infra'),
): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    const pid = Number(name);
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    const label = labelOf(pid, commandLine, infraDir);
    const ticks = label ? ticksOf(pid) : undefined;
    if (label && ticks !== undefined) totals[label] = (totals[label] ?? 0) + ticks * TICK_MS;
  }
  return totals;
}

/** Per unit of work: what each kind of process spent between two readings, in ms, and their sum. */
export function cpuMsPer(
  before: Record<string, number>,
  after: Record<string, number>,
  units: number,
): Record<string, number> {
  const per: Record<string, number> = {};
  let total = 0;
  for (const [label, ms] of Object.entries(after)) {
    const spent = ms - (before[label] ?? 0);
    if (spent <= 0) continue;
    per[label] = Math.round((spent / units) * 10) / 10;
    total += spent;
  }
  per.total = Math.round((total / units) * 10) / 10;
  return per;
}

/**
 * Waits until the processes of one kind (the database, say) use less than `busyMsPerSecond` of
 * CPU over a whole second, for at most `maxSeconds`; returns how long it waited. After a bulk
 * load MVStore compacts its file in the background for a while, and a query measured meanwhile
 * measures that compaction, not the query.
 */
export async function waitUntilIdle(
  label: string,
  { busyMsPerSecond = 50, maxSeconds = 180 } = {},
): Promise<number> {
  const started = Date.now();
  let before = cpuMsByProcess()[label] ?? 0;
  while (Date.now() - started < maxSeconds * 1000) {
    await sleep(1000);
    const now = cpuMsByProcess()[label] ?? 0;
    if (now - before < busyMsPerSecond) break;
    before = now;
  }
  return Math.round((Date.now() - started) / 100) / 10;
}
