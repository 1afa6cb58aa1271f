// Entry point of every npm script: brings the Debian packages the command needs, installs
// dependencies when they are missing or stale, then runs the TypeScript tool that does the work.
// Plain JavaScript so it runs before install.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureSystemPackages } from './system-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = {
  start: 'tools/start.ts',
  test: 'tools/test.ts',
  faults: 'tools/fault-suite.ts',
  infra: 'tools/infra/infra.ts',
  ops: 'apps/ops/src/main.ts',
  bench: 'tools/bench/bench.ts',
};

const [command, ...args] = process.argv.slice(2);
if (!tools[command]) {
  console.error(`usage: node tools/bootstrap.mjs ${Object.keys(tools).join('|')} [args]`);
  process.exit(2);
}

// Which list of system packages each command needs (tools/system-packages.mjs).
const needs = { start: 'start', test: 'test', faults: 'test', infra: 'start', bench: 'bench' };
if (needs[command] && !ensureSystemPackages(needs[command])) process.exit(1);
// rustup's cargo, where it lives when a login shell has not put it on the PATH.
const cargoBin = join(homedir(), '.cargo', 'bin');
if (existsSync(cargoBin)) process.env.PATH = `${cargoBin}${delimiter}${process.env.PATH}`;

const marker = join(root, 'node_modules', '.package-lock.json');
const lockfile = join(root, 'package-lock.json');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lockfile).mtimeMs) {
  console.log('installing dependencies (npm ci)');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const result = spawnSync(process.execPath, [tsx, join(root, tools[command]), ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
