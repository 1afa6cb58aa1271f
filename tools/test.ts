import { infraDown, infraEnvironment, infraUp } from './infra/infra';
import { runFaultSuite } from './fault-suite';
import { runStep } from './run-step';

/**
 * `npm test`: lint, unit tests, integration tests against the real infrastructure, then the
 * fault suite on a three-broker infrastructure of its own; stops what it started, whatever happened.
 */
async function main(): Promise<number> {
  const jestArgs = process.argv.slice(2);
  let passed = runStep('lint', 'npm', ['run', '--silent', 'lint']);
  passed = runStep('build', 'npm', ['run', '--silent', 'build']) && passed;
  passed =
    runStep('unit tests', 'npx', ['jest', '--selectProjects', 'unit', ...jestArgs]) && passed;
  try {
    const state = await infraUp();
    passed =
      runStep(
        'integration tests (real Kafka, FerretDB, SMTP)',
        'npx',
        ['jest', '--selectProjects', 'integration', '--runInBand', '--forceExit', ...jestArgs],
        infraEnvironment(state),
      ) && passed;
  } finally {
    // Whatever happened, including a part that failed to start, stop what was started.
    await infraDown();
  }
  passed = (await runFaultSuite(jestArgs)) && passed;
  console.log(passed ? '\nall checks passed' : '\nsome checks failed');
  return passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
