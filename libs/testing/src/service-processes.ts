import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { REPO_ROOT } from './test-environment';

export const ALL_SERVICES = [
  'identity',
  'profiles',
  'tokens',
  'pst-export',
  'audit',
  'gateway',
] as const;
export type ServiceName = (typeof ALL_SERVICES)[number];

export interface LaunchOptions {
  env: NodeJS.ProcessEnv;
  services?: readonly ServiceName[];
  /** Where each service's log goes; `inherit` prints to this terminal. */
  logDir?: string | 'inherit';
}

/**
 * Runs the built services (`npm run build` → dist/) as real processes, as in production,
 * so tests can kill and restart them.
 */
export class ServiceProcesses {
  private readonly children = new Map<ServiceName, ChildProcess>();

  constructor(private readonly options: LaunchOptions) {}

  static async launch(options: LaunchOptions): Promise<ServiceProcesses> {
    const processes = new ServiceProcesses(options);
    for (const name of options.services ?? ALL_SERVICES) processes.start(name);
    return processes;
  }

  /** Where the services' logs go, or `inherit` when they print to this terminal. */
  get logDir(): string {
    return (
      this.options.logDir ??
      join(REPO_ROOT, '.infra', 'logs', this.options.env.COFFER_NAMESPACE ?? 'coffer')
    );
  }

  /**
   * The last lines of a service's log that match, each cut to a readable length: what a failed
   * test prints about the service it waited for (CI shows the test's output, not the log files).
   */
  logTail(name: ServiceName, matching: RegExp, lines = 25): string[] {
    const file = join(this.logDir, `${name}.log`);
    if (this.logDir === 'inherit' || !existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => matching.test(line))
      .slice(-lines)
      .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line));
  }

  start(name: ServiceName): ChildProcess {
    const entry = join(REPO_ROOT, 'dist', 'apps', name, 'src', 'main.js');
    const logDir = this.logDir;
    const inherit = logDir === 'inherit';
    const profileDir = process.env.COFFER_CPU_PROFILE_DIR;
    const profile = profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
      : [];
    const child = spawn(process.execPath, ['--enable-source-maps', ...profile, entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.options.env },
      stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    if (!inherit) {
      mkdirSync(logDir, { recursive: true });
      const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
    }
    this.children.set(name, child);
    return child;
  }

  /** Ends a service as a crash would (SIGKILL) or politely (SIGTERM), and waits until it is gone. */
  async stop(name: ServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.children.get(name);
    this.children.delete(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const forced = sleep(15_000).then(() => child.kill('SIGKILL'));
    await Promise.race([exited, forced]);
    await exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((name) => this.stop(name)));
  }
}

/** Waits until the gateway says every backend service and its dependencies are up. */
export async function waitForHealthyGateway(baseUrl: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(500);
  }
  throw new Error(`services did not become healthy within ${timeoutMs / 1000} s (${last})`);
}
