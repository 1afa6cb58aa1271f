import { infraEnvironment, infraUp } from '../infra/infra';
import { runStep } from '../run-step';
import { benchAudit } from './audit-bench';
import { benchEngines } from './engines-bench';
import { benchEvents } from './events-bench';
import { benchMailboxImport } from './mailbox-import-bench';
import { benchPst } from './pst-bench';
import { benchPstExport } from './pst-export-bench';
import { benchSignIn } from './sign-in-bench';
import { benchSso } from './sso-bench';
import { benchTokenAuth } from './token-auth-bench';

const BENCHMARKS: Record<
  string,
  { run: (count: number) => Promise<unknown>; defaultCount: number; needsInfrastructure?: false }
> = {
  audit: { run: benchAudit, defaultCount: 20_000 },
  events: { run: benchEvents, defaultCount: 20_000 },
  'sign-in': { run: benchSignIn, defaultCount: 400 },
  'token-auth': { run: benchTokenAuth, defaultCount: 2_000 },
  sso: { run: benchSso, defaultCount: 1_000 },
  engines: { run: benchEngines, defaultCount: 20_000, needsInfrastructure: false },
  pst: { run: benchPst, defaultCount: 20_000, needsInfrastructure: false },
  'pst-export': { run: benchPstExport, defaultCount: 20_000 },
  'mailbox-import': { run: benchMailboxImport, defaultCount: 20_000 },
};

/** Flags that take a value, which is then no positional argument. */
const FLAGS_WITH_VALUE = new Set(['--engines', '--days']);

/**
 * `npm run bench -- <name> [N] [--json]`: prints the figures as one JSON document, or as one
 * JSON line with `--json` (for scripts and for comparing runs).
 */
async function main(argv: string[]) {
  const positional = argv.filter(
    (arg, index) => !arg.startsWith('--') && !FLAGS_WITH_VALUE.has(argv[index - 1] ?? ''),
  );
  const [name = 'events', countText] = positional;
  const benchmark = BENCHMARKS[name];
  if (!benchmark)
    throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  const count = countText ? Number(countText) : benchmark.defaultCount;
  if (!Number.isInteger(count) || count < 1) throw new Error('N must be a positive whole number');
  if (benchmark.needsInfrastructure !== false) {
    const state = await infraUp();
    Object.assign(process.env, infraEnvironment(state));
    if (!runStep('build', 'npm', ['run', '--silent', 'build'])) throw new Error('the build failed');
  }
  const figures = await benchmark.run(count);
  console.log(argv.includes('--json') ? JSON.stringify(figures) : JSON.stringify(figures, null, 2));
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
