// The Debian packages and toolchains Coffer needs from the machine, in one list that `npm start`,
// `npm test` and the benchmarks read before they run (`.ci/run` leaves it to `npm test`). Plain JavaScript: it runs before `npm ci`.
//
// A missing package is installed with apt-get when we run as root (or sudo works without a
// password), saying what and why; otherwise we stop before anything runs, with the one
// `apt-get install` line to type. A missing toolchain that Debian cannot provide (Rust's cargo
// from rustup) is only reported.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * `for` names the npm commands that need the package: start (and ops, which talks to what start
 * runs), test, bench. `present` says whether the machine already has it.
 */
export const SYSTEM_PACKAGES = [
  {
    name: 'openjdk-17-jdk-headless',
    why: "Kafka and the embedded database run on Java 17; the database launcher and the PST tests' java-libpst reader are compiled with javac",
    for: ['start', 'test', 'bench'],
    present: () => hasCommand('java') && hasCommand('javac'),
  },
  {
    name: 'maven',
    why: 'Kafka, the embedded database and java-libpst (a PST reader of the tests) are resolved from Maven Central',
    for: ['start', 'test', 'bench'],
    present: () => hasCommand('mvn'),
  },
  {
    name: 'golang-go',
    why: 'FerretDB, the second engine the tests run on, is built from the Go module proxy',
    for: ['test', 'bench'],
    present: () => hasCommand('go'),
  },
  {
    name: 'postgresql',
    why: 'FerretDB on PostgreSQL (COFFER_DB_ENGINE=ferretdb-postgres) is one of the engines npm run bench -- engines measures',
    for: ['bench'],
    present: () => hasCommand('postgres') || existsSync('/usr/lib/postgresql'),
  },
  {
    name: 'pst-utils',
    why: "the PST tests read every file back with libpst's readpst",
    for: ['test', 'bench'],
    present: () => hasCommand('readpst'),
  },
  {
    name: 'pff-tools',
    why: "the PST tests read every file back with libpff's pffexport",
    for: ['test'],
    present: () => hasCommand('pffexport'),
  },
  {
    name: 'python3-pypff',
    why: "the PST tests read every file back with pypff, libpff's Python binding, too",
    for: ['test'],
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import pypff']).status === 0,
  },
  {
    name: 'simplesamlphp',
    why: 'the SSO tests sign in through the SimpleSAMLphp identity provider',
    for: ['test', 'bench'],
    present: () => existsSync('/usr/share/simplesamlphp/www'),
  },
  {
    name: 'php-cli',
    why: "SimpleSAMLphp runs with PHP's built-in server",
    for: ['test', 'bench'],
    present: () => hasCommand('php'),
  },
  {
    name: 'php-xml',
    why: 'SimpleSAMLphp signs assertions with PHP’s DOM extension',
    for: ['test', 'bench'],
    present: () => hasPhpModule('dom'),
  },
  {
    name: 'php-mbstring',
    why: 'SimpleSAMLphp needs PHP’s mbstring extension',
    for: ['test', 'bench'],
    present: () => hasPhpModule('mbstring'),
  },
  {
    name: 'python3-venv',
    why: 'the API fuzzing test installs schemathesis from PyPI into a virtual environment',
    for: ['test'],
    present: () => run('python3', ['-c', 'import ensurepip, venv']),
  },
  {
    name: 'chromium',
    why: "the web app's tests drive Debian's Chromium with playwright-core",
    for: ['test'],
    present: () => hasCommand('chromium'),
  },
];

/** Toolchains no Debian package provides in a version we can use: reported, never installed. */
export const TOOLCHAINS = [
  {
    name: 'cargo (Rust 1.82 or later, from rustup)',
    why: "tools/pst-check reads PSTs with Microsoft's outlook-pst crate; Debian's Rust is too old",
    for: ['test'],
    present: () => hasCommand('cargo') || existsSync(join(homedir(), '.cargo', 'bin', 'cargo')),
  },
];

/**
 * Makes sure the machine has what `purpose` needs; returns false (after saying what to do) when
 * it cannot.
 */
export function ensureSystemPackages(purpose) {
  const missingToolchains = TOOLCHAINS.filter((t) => t.for.includes(purpose) && !t.present());
  for (const toolchain of missingToolchains)
    console.error(`${toolchain.name} is missing: ${toolchain.why}`);
  const missing = SYSTEM_PACKAGES.filter((p) => p.for.includes(purpose) && !p.present());
  if (missing.length === 0) return missingToolchains.length === 0;

  const names = missing.map((p) => p.name);
  const asRoot = process.getuid?.() === 0;
  const viaSudo = !asRoot && run('sudo', ['-n', 'true']);
  if (!asRoot && !viaSudo) {
    console.error(`npm ${purpose} needs Debian packages this machine lacks:`);
    for (const p of missing) console.error(`  ${p.name}: ${p.why}`);
    console.error(`install them, then run it again:\n  sudo apt-get install -y ${names.join(' ')}`);
    return false;
  }
  console.log(`installing Debian packages npm ${purpose} needs:`);
  for (const p of missing) console.log(`  ${p.name}: ${p.why}`);
  const prefix = viaSudo ? ['sudo', '-n'] : [];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptGet = (args) => {
    const [command, ...rest] = [...prefix, 'apt-get', ...args];
    return spawnSync(command, rest, { stdio: 'inherit', env }).status === 0;
  };
  if (!aptGet(['update', '-qq']) || !aptGet(['install', '-y', '-qq', ...names])) {
    console.error(`apt-get could not install ${names.join(' ')}`);
    return false;
  }
  const stillMissing = missing.filter((p) => !p.present());
  for (const p of stillMissing) console.error(`${p.name} was installed but is still not usable`);
  return stillMissing.length === 0 && missingToolchains.length === 0;
}

function run(command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function hasCommand(command) {
  return run('sh', ['-c', `command -v ${command}`]);
}

function hasPhpModule(module) {
  const listed = spawnSync('php', ['-m'], { encoding: 'utf8' });
  return listed.status === 0 && listed.stdout.split('\n').some((line) => line.trim() === module);
}
