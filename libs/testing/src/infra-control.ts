import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { REPO_ROOT } from './test-environment';

const run = promisify(execFile);

/**
 * `npm run infra -- stop|kill|start <part>` against the infrastructure the tests run on
 * (`COFFER_INFRA_DIR`), as an operator rehearsing an outage would.
 */
export async function controlInfra(
  action: 'stop' | 'kill' | 'start',
  part: 'kafka' | `kafka-${number}` | 'mongodb',
): Promise<void> {
  await run(process.execPath, ['tools/bootstrap.mjs', 'infra', action, part], {
    cwd: REPO_ROOT,
    env: process.env,
    timeout: 180_000,
  });
}
