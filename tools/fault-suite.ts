import { join } from 'node:path';

import { infraDown, infraEnvironment, infraUp } from './infra/infra';
import { REPO_ROOT } from './infra/infra-context';
import { runStep } from './run-step';

/** The fault suite's infrastructure lives apart from `npm run infra`'s: three brokers, its own data. */
const FAULTS_INFRA_DIR = join(REPO_ROOT, '.infra', 'faults');

/**
 * `npm run test:faults` (and the last step of `npm test`): brings up three Kafka brokers
 * (replication 3, min.insync.replicas 2), FerretDB and the SMTP catcher in `.infra/faults`, runs
 * the `*.fault-spec.ts` files, which kill services and stop infrastructure under load, and stops
 * everything it started. Needs `npm run build` first, and the ports of `npm run infra` free.
 */
export async function runFaultSuite(jestArgs: string[]): Promise<boolean> {
  process.env.COFFER_INFRA_DIR = FAULTS_INFRA_DIR;
  try {
    const state = await infraUp(3);
    return runStep(
      'fault suite (services killed, Kafka and the database stopped under load)',
      'npx',
      // A test runs a load, breaks something, waits for recovery and checks everything: minutes.
      [
        'jest',
        '--selectProjects',
        'faults',
        '--runInBand',
        '--forceExit',
        '--testTimeout=600000',
        ...jestArgs,
      ],
      infraEnvironment(state),
    );
  } finally {
    await infraDown();
  }
}

if (require.main === module) {
  runFaultSuite(process.argv.slice(2)).then(
    (passed) => process.exit(passed ? 0 : 1),
    (error: unknown) => {
      console.error(`test:faults: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
