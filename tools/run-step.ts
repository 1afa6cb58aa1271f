import { spawnSync } from 'node:child_process';

import { REPO_ROOT } from './infra/infra-context';

/** Runs one npm/npx step in the repository, printing its output; returns whether it passed. */
export function runStep(
  title: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): boolean {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  const passed = result.status === 0;
  console.log(`${passed ? '✔' : '✘'} ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return passed;
}
