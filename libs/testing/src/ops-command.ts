import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { REPO_ROOT } from './test-environment';

const run = promisify(execFile);

/** Runs `npm run ops -- <args>` as an operator would, against the test environment; returns the JSON it printed (the last line when it printed several). */
export async function runOps<Result = unknown>(
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<Result> {
  const printed = (await runOpsText(env, args)).trim();
  try {
    return JSON.parse(printed) as Result;
  } catch {
    // Several JSON lines (or a progress line first): the last one is the answer.
    return JSON.parse(printed.split('\n').pop() as string) as Result;
  }
}

/** Runs `npm run ops -- <args>` and returns what it printed, for commands that print text. */
export async function runOpsText(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const { stdout } = await run('npx', ['tsx', 'apps/ops/src/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
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

/**
 * `ops check --wait <seconds> --json`: the findings whether consistent (exit 0) or not (exit 1),
 * so a test can show what differs.
 */
export async function checkConsistencyWithOps<Findings extends { consistent: boolean }>(
  env: NodeJS.ProcessEnv,
  waitSeconds: number,
): Promise<Findings> {
  try {
    return JSON.parse(
      await runOpsText(env, ['check', '--wait', String(waitSeconds), '--json']),
    ) as Findings;
  } catch (error) {
    const printed = (error as { stdout?: string }).stdout;
    if (printed) return JSON.parse(printed) as Findings;
    throw error;
  }
}
