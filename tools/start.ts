import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { loadConfig, localDeploymentKeys } from '@coffer/config';
import { ServiceProcesses, waitForHealthyGateway } from '@coffer/testing';

import { infraDown, infraEnvironment, infraUp } from './infra/infra';
import { REPO_ROOT } from './infra/infra-context';
import { runStep } from './run-step';

/** `npm start`: infrastructure, every service, the demo organisation; Ctrl-C stops it all. */
let services: ServiceProcesses | undefined;

async function main() {
  const state = await infraUp();
  // Keys made once for this checkout (none has a default): the same on every later start.
  const env = { ...infraEnvironment(state), ...localDeploymentKeys(state.dataDir) };
  if (!runStep('build', 'npm', ['run', '--silent', 'build'])) throw new Error('the build failed');
  const config = loadConfig({ ...process.env, ...env });
  const logDir = join(REPO_ROOT, '.infra', 'logs', config.namespace);
  services = await ServiceProcesses.launch({ env, logDir });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping services and infrastructure…');
    await stopEverything();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  await waitForHealthyGateway(config.publicUrl);
  const seed = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'dist', 'apps', 'ops', 'src', 'main.js'), 'seed-demo'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    },
  );
  if (seed.status !== 0) throw new Error(`seeding the demo organisation failed: ${seed.stderr}`);
  const demo = JSON.parse(seed.stdout.trim().split('\n').pop() ?? '{}') as {
    email: string;
    password: string | null;
    user: { email: string; password: string | null; messages: number };
  };
  console.log(seed.stdout.trim().split('\n').pop());
  console.log(`
Coffer is running.
  Console          ${config.publicUrl}/console   (sign in as ${demo.email}, password ${demo.password ?? 'in .infra/demo-administrator.json'})
  Web portal       ${config.publicUrl}/portal    (sign in as ${demo.user.email}, password ${demo.user.password ?? 'in .infra/demo-user.json'})
  PST export       Console → PST exports → ${demo.user.email} (a Gmail backup of ${demo.user.messages} messages)
  API and health   ${config.publicUrl}/api/health
  API docs         ${config.publicUrl}/api/docs
  Audit trail      curl -u '${demo.email}:${demo.password ?? '<see .infra/demo-administrator.json>'}' ${config.publicUrl}/api/console/audit-trail
  Caught mail      ${state.mailApi}/messages
  Service logs     ${logDir}
Press Ctrl-C to stop everything.`);
}

async function stopEverything() {
  await services?.stopAll();
  await infraDown();
}

main().catch(async (error: unknown) => {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
  // Leave nothing running behind a failed start.
  await stopEverything().catch(() => undefined);
  process.exit(1);
});
