import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './infra/infra-context';

/**
 * Where the fault suite's infrastructure and services listen while the integration tests hold
 * the default ones: its three brokers, database and SMTP catcher 300 ports up, its services
 * 2,000 up (the integration tests' services are 1,000 up). All below Linux's ephemeral range, so
 * no outgoing connection takes one of them first.
 */
const FAULT_SUITE_PORT_OFFSET = '300';
const FAULT_SUITE_TEST_PORT_OFFSET = '2000';

export interface FaultSuiteAside {
  /** Waits for the suite, prints what it printed, and tells whether it passed. */
  finished(): Promise<boolean>;
}

/**
 * Starts `npm run test:faults`'s runner in a child process whose output goes to a log file
 * (printed whole at the end, so it does not interleave with the steps running meanwhile).
 */
export function startFaultSuiteAside(jestArgs: string[]): FaultSuiteAside {
  const title = 'fault suite (services killed, Kafka and the database stopped under load)';
  const logDir = join(REPO_ROOT, '.infra');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'fault-suite.log');
  const log = createWriteStream(logFile);
  const started = Date.now();
  console.log(`\n▷ ${title}: started beside the next steps, output in ${logFile}`);
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(REPO_ROOT, 'tools', 'fault-suite.ts'),
      ...jestArgs,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        COFFER_PORT_OFFSET: FAULT_SUITE_PORT_OFFSET,
        COFFER_TEST_PORT_OFFSET: FAULT_SUITE_TEST_PORT_OFFSET,
        // Jest's colours survive the detour through a file, as they would on a terminal.
        FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<boolean>((resolve) => {
    child.on('error', (error) => {
      log.write(`could not start the fault suite: ${error.message}\n`);
      resolve(false);
    });
    child.on('close', (code) => resolve(code === 0));
  });
  return {
    async finished() {
      const passed = await exited;
      await new Promise<void>((resolve) => log.end(resolve));
      console.log(`\n▶ ${title}`);
      process.stdout.write(readFileSync(logFile));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${passed ? '✔' : '✘'} ${title} (${seconds} s since it started)`);
      return passed;
    },
  };
}
