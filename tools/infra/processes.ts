import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { InfraError } from './infra-context';

export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  pidFile: string;
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Starts a process that outlives this command, its output in a log file and its pid in a file. */
export function startDaemon(spec: DaemonSpec): number {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', log, log],
  });
  if (!child.pid) throw new InfraError(`could not start ${spec.name} (${spec.command})`);
  child.unref();
  writeFileSync(spec.pidFile, String(child.pid));
  return child.pid;
}

export function runningPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return isAlive(pid) ? pid : undefined;
}

/** SIGTERM, then SIGKILL if it has not gone within the grace period. */
export async function stopDaemon(pidFile: string, graceMs = 15_000): Promise<boolean> {
  const pid = runningPid(pidFile);
  rmSync(pidFile, { force: true });
  if (!pid) return false;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  signalGroup(pid, 'SIGKILL');
  return true;
}

/** Ends a daemon as a crash would: SIGKILL, no time to close anything. */
export async function killDaemon(pidFile: string): Promise<boolean> {
  const pid = runningPid(pidFile);
  rmSync(pidFile, { force: true });
  if (!pid) return false;
  signalGroup(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Whether the process still runs. A daemon that died while its parent is busy (the fault suite
 * starts infrastructure in-process, then blocks on jest) stays a zombie until reaped, and signal 0
 * still reaches a zombie: on Linux its state in /proc says it is dead.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return true;
  }
}

/** Fails with a clear line when something else already listens where we want to. */
export async function assertPortFree(port: number, host: string, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', () =>
      reject(
        new InfraError(
          `port ${port} on ${host} (${what}) is already taken by another program; stop it, or move every port with COFFER_PORT_OFFSET=100`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

export async function isListening(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, host);
  });
}

/** Waits for `probe` to succeed, or fails naming the part and its log after `timeoutMs`. */
export async function waitUntil(
  what: string,
  probe: () => Promise<unknown>,
  timeoutMs: number,
  logFile?: string,
) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      // One attempt may not outlive the deadline: a client library retrying inside it would.
      await Promise.race([
        probe(),
        sleep(Math.max(1, Math.min(20_000, deadline - Date.now()))).then(() => {
          throw new Error('no answer in time');
        }),
      ]);
      return;
    } catch (error) {
      lastError = error;
      await sleep(250);
    }
  }
  const reason = lastError instanceof Error ? lastError.message.split('\n')[0] : 'no answer';
  throw new InfraError(
    `${what} did not become ready within ${timeoutMs / 1000} s (${reason})${logFile ? `; see ${logFile}` : ''}`,
  );
}

/** Checks a tool exists before a step needs it, naming the tool and how to get it. */
export function requireTool(command: string, args: string[], hint: string): void {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.error || result.status !== 0)
    throw new InfraError(`${command} is needed but not available: ${hint}`);
}
