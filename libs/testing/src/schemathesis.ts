import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT } from './test-environment';

const REQUIREMENTS = join(REPO_ROOT, 'tools', 'fuzz', 'requirements.txt');

/**
 * The schemathesis CLI, installed from PyPI into a virtual environment in the machine's cache
 * the first time (keyed by the pinned requirements, so a change of pins installs afresh).
 */
export function schemathesisCli(): string {
  const pins = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex').slice(0, 12);
  const cache = process.env.COFFER_CACHE_DIR ?? join(homedir(), '.cache', 'coffer');
  const venv = join(cache, `schemathesis-${pins}`);
  const cli = join(venv, 'bin', 'st');
  if (existsSync(cli)) return cli;
  for (const [command, args] of [
    ['python3', ['-m', 'venv', '--clear', venv]],
    [join(venv, 'bin', 'pip'), ['install', '--quiet', '--require-virtualenv', '-r', REQUIREMENTS]],
  ] as const) {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(
        `could not install schemathesis (${command} ${args.join(' ')}): ${result.stderr || result.stdout}`,
      );
  }
  return cli;
}

export interface FuzzRun {
  passed: boolean;
  output: string;
}

/**
 * Fuzzes every operation of the OpenAPI document at `schemaUrl` with schemathesis: generated
 * valid and invalid requests, checked for server errors and by Coffer's own rules
 * (tools/fuzz/coffer_hooks.py). Bounded: `maxExamples` per operation, a fixed seed.
 */
export function fuzzApi(options: {
  schemaUrl: string;
  baseUrl: string;
  basicAuth: string;
  maxExamples: number;
  seed: number;
  timeoutMs: number;
  /** Ids of real resources by the path segment naming their kind (`users`, `profiles`, …). */
  realIds?: Record<string, string>;
}): Promise<FuzzRun> {
  const cli = schemathesisCli();
  const args = [
    'run',
    options.schemaUrl,
    '--url',
    options.baseUrl,
    '--auth',
    options.basicAuth,
    '--checks',
    'not_a_server_error,refusals_are_clear,no_internal_detail',
    '--phases',
    'examples,coverage,fuzzing',
    '--max-examples',
    String(options.maxExamples),
    '--seed',
    String(options.seed),
    '--workers',
    '2',
    '--request-timeout',
    '15',
    '--no-shrink',
    '--output-truncate',
    'true',
  ];
  // schemathesis and Hypothesis keep caches in the working directory: a scratch one, not the repo.
  const scratch = mkdtempSync(join(tmpdir(), 'coffer-fuzz-'));
  return new Promise((resolve) => {
    execFile(
      cli,
      args,
      {
        cwd: scratch,
        env: {
          ...process.env,
          PYTHONPATH: join(REPO_ROOT, 'tools', 'fuzz'),
          SCHEMATHESIS_HOOKS: 'coffer_hooks',
          COFFER_FUZZ_IDS: JSON.stringify(options.realIds ?? {}),
          PYTHONDONTWRITEBYTECODE: '1',
          NO_COLOR: '1',
        },
        timeout: options.timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        rmSync(scratch, { recursive: true, force: true });
        resolve({ passed: !error, output: `${stdout}\n${stderr}` });
      },
    );
  });
}
