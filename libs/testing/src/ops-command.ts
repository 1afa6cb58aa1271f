import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { REPO_ROOT } from './test-environment';

const run = promisify(execFile);

/** Runs `npm run ops -- <args>` as an operator would, against the test environment; returns the JSON it printed last. */
export async function runOps<Result = unknown>(
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<Result> {
  const { stdout } = await run('npx', ['tsx', 'apps/ops/src/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Result;
}

/** `ops import-mailbox` of an mbox file into a user's Gmail backup. */
export function importMailboxWithOps(
  env: NodeJS.ProcessEnv,
  orgId: string,
  userEmail: string,
  mbox: string,
) {
  return runOps<{ imported: number; duplicates: number; skipped: unknown[] }>(env, [
    'import-mailbox',
    '--org',
    orgId,
    '--user',
    userEmail,
    '--source',
    'gmail',
    mbox,
  ]);
}
