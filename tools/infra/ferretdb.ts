import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type InfraContext, InfraError } from './infra-context';
import { pingMongo } from './mongo-client';
import {
  killPostgres,
  type PostgresCluster,
  postgresUrl,
  startPostgres,
  stopPostgres,
} from './postgres';
import {
  assertPortFree,
  killDaemon,
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

/** Which of FerretDB's backends stores the data: SQLite files, or a private PostgreSQL cluster. */
export type FerretDbBackend = 'sqlite' | 'postgresql';

/** Each backend has a directory of its own, so switching between them keeps both data sets. */
export function ferretDbDir(context: InfraContext, backend: FerretDbBackend): string {
  return join(context.dataDir, backend === 'sqlite' ? 'ferretdb' : 'ferretdb-postgres');
}

export function ferretDbPidFile(context: InfraContext, backend: FerretDbBackend): string {
  return join(ferretDbDir(context, backend), 'ferretdb.pid');
}

/** Where the PostgreSQL backend's cluster lives. */
export function ferretDbPostgresCluster(context: InfraContext): PostgresCluster {
  return { dir: join(ferretDbDir(context, 'postgresql'), 'postgres') };
}

export async function startFerretDb(
  context: InfraContext,
  backend: FerretDbBackend = 'sqlite',
): Promise<void> {
  const binary = provisionFerretDb(context);
  const { host, ports } = context.config;
  const dir = ferretDbDir(context, backend);
  const pidFile = ferretDbPidFile(context, backend);
  if (backend === 'postgresql') await startPostgres(ferretDbPostgresCluster(context));
  if (!runningPid(pidFile)) {
    await assertPortFree(ports.mongo, host, 'FerretDB');
    mkdirSync(join(dir, 'data'), { recursive: true });
    startDaemon({
      name: 'ferretdb',
      command: binary,
      args: [
        ...(backend === 'sqlite'
          ? [
              '--handler=sqlite',
              // synchronous=normal is durable enough in WAL mode for local data and halves the fsyncs.
              // (_txlock=immediate was tried: FerretDB then deadlocked under 16 concurrent writers.)
              `--sqlite-url=file:${join(dir, 'data')}/?_pragma=synchronous(normal)`,
            ]
          : [
              '--handler=postgresql',
              `--postgresql-url=${postgresUrl(ferretDbPostgresCluster(context))}`,
            ]),
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

export async function stopFerretDb(
  context: InfraContext,
  backend: FerretDbBackend = 'sqlite',
): Promise<boolean> {
  const stopped = await stopDaemon(ferretDbPidFile(context, backend));
  // After FerretDB, whose connections would otherwise hold PostgreSQL's shutdown up.
  if (backend === 'postgresql') await stopPostgres(ferretDbPostgresCluster(context));
  return stopped;
}

/** As a crash would: FerretDB and, on PostgreSQL, the cluster beneath it, all at once. */
export async function killFerretDb(
  context: InfraContext,
  backend: FerretDbBackend = 'sqlite',
): Promise<boolean> {
  const [killed] = await Promise.all([
    killDaemon(ferretDbPidFile(context, backend)),
    backend === 'postgresql' ? killPostgres(ferretDbPostgresCluster(context)) : undefined,
  ]);
  return killed;
}
