import { spawnSync } from 'node:child_process';
import {
  cpSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mongoose from 'mongoose';

import { InfraError, type InfraContext } from './infra-context';
import {
  assertPortFree,
  requireTool,
  runningPid,
  startDaemon,
  stopDaemon,
  waitUntil,
} from './processes';

export const FERRETDB_VERSION = 'v1.24.0';
const MODULE = 'github.com/FerretDB/FerretDB';

/**
 * Builds FerretDB from the Go module proxy once per machine. `go install …@version` is refused
 * here for this module, so it is fetched into a scratch module and built from a copy whose
 * version file is filled in (the released module leaves it empty).
 */
export function provisionFerretDb(context: InfraContext): string {
  const binary = join(context.cacheDir, 'bin', `ferretdb-${FERRETDB_VERSION}`);
  if (existsSync(binary)) return binary;
  requireTool('go', ['version'], 'install Go 1.22 or later');
  console.log(`infra: building FerretDB ${FERRETDB_VERSION} with Go (first time only)`);
  const scratch = mkdtempSync(join(tmpdir(), 'coffer-ferretdb-'));
  try {
    const go = (args: string[], cwd: string) => {
      const result = spawnSync('go', args, {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, GOFLAGS: '-mod=mod' },
      });
      if (result.status !== 0)
        throw new InfraError(`go ${args.join(' ')} failed: ${result.stderr.trim()}`);
      return result.stdout.trim();
    };
    go(['mod', 'init', 'local.coffer/ferretdb-fetch'], scratch);
    go(['get', `${MODULE}@${FERRETDB_VERSION}`], scratch);
    const moduleDir = go(['list', '-m', '-f', '{{.Dir}}', MODULE], scratch);
    const source = join(scratch, 'source');
    cpSync(moduleDir, source, { recursive: true });
    chmodSync(source, 0o755);
    spawnSync('chmod', ['-R', 'u+w', source]);
    writeFileSync(join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(join(context.cacheDir, 'bin'), { recursive: true });
    go(['build', '-o', binary, './cmd/ferretdb'], source);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return binary;
}

export async function startFerretDb(context: InfraContext): Promise<void> {
  const binary = provisionFerretDb(context);
  const { host, ports } = context.config;
  const dir = join(context.dataDir, 'ferretdb');
  const pidFile = join(dir, 'ferretdb.pid');
  if (!runningPid(pidFile)) {
    await assertPortFree(ports.mongo, host, 'FerretDB');
    mkdirSync(join(dir, 'data'), { recursive: true });
    startDaemon({
      name: 'ferretdb',
      command: binary,
      args: [
        '--handler=sqlite',
        // synchronous=normal is durable enough in WAL mode for local data and halves the fsyncs.
        // (_txlock=immediate was tried: FerretDB then deadlocked under 16 concurrent writers.)
        `--sqlite-url=file:${join(dir, 'data')}/?_pragma=synchronous(normal)`,
        `--listen-addr=${host}:${ports.mongo}`,
        `--state-dir=${dir}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=warn',
      ],
      pidFile,
      logFile: join(dir, 'ferretdb.log'),
    });
  }
  await waitUntil(
    'FerretDB',
    () => pingMongo(`mongodb://${host}:${ports.mongo}`),
    30_000,
    join(dir, 'ferretdb.log'),
  );
}

export function stopFerretDb(context: InfraContext): Promise<boolean> {
  return stopDaemon(join(context.dataDir, 'ferretdb', 'ferretdb.pid'));
}

export async function pingMongo(url: string): Promise<void> {
  const connection = await mongoose
    .createConnection(url, { serverSelectionTimeoutMS: 1_000 })
    .asPromise();
  try {
    await connection.db?.command({ ping: 1 });
  } finally {
    await connection.close();
  }
}
