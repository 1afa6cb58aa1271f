import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { InfraError } from './infra-context';
import { killDaemon, runningPid, startDaemon, stopDaemon, waitUntil } from './processes';

/**
 * A private PostgreSQL cluster under `dir`, for FerretDB's PostgreSQL backend. It listens on a
 * Unix socket in `dir/run` only, so it needs no TCP port and never meets another checkout's.
 */
export interface PostgresCluster {
  dir: string;
}

const SUPERUSER = 'ferretdb';
/** Only names the socket file (`.s.PGSQL.5432`); nothing listens on TCP. */
const SOCKET_PORT = 5432;

export function postgresSocketDir(cluster: PostgresCluster): string {
  return join(cluster.dir, 'run');
}

/** The URL FerretDB takes: pgx reads a directory in `host` as the socket's. */
export function postgresUrl(cluster: PostgresCluster): string {
  return `postgres://${SUPERUSER}@/postgres?host=${encodeURIComponent(postgresSocketDir(cluster))}`;
}

function pidFile(cluster: PostgresCluster) {
  return join(cluster.dir, 'postgres.pid');
}

/** Debian keeps the server's programs off the PATH, in /usr/lib/postgresql/<major>/bin. */
function postgresBinary(name: 'postgres' | 'initdb'): string {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (onPath.status === 0) return onPath.stdout.trim();
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((entry) => existsSync(join(root, entry, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0)
    throw new InfraError(`PostgreSQL is needed but not installed: install it (Debian: postgresql)`);
  return join(root, majors[0], 'bin', name);
}

/**
 * PostgreSQL refuses to run as root; as root we run it as the `postgres` account Debian's
 * package creates, through setpriv, which execs in place so the pid file names the server itself.
 */
function asServerUser(command: string, args: string[]): { command: string; args: string[] } {
  if (process.getuid?.() !== 0) return { command, args };
  const account = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (account.status !== 0)
    throw new InfraError('running as root, PostgreSQL needs a "postgres" account to run as');
  return {
    command: 'setpriv',
    args: ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args],
  };
}

function chownToServerUser(paths: string[]) {
  if (process.getuid?.() !== 0) return;
  const result = spawnSync('chown', ['-R', 'postgres:postgres', ...paths], { encoding: 'utf8' });
  if (result.status !== 0)
    throw new InfraError(`could not hand ${paths.join(', ')} to postgres: ${result.stderr}`);
}

export async function startPostgres(cluster: PostgresCluster): Promise<void> {
  const data = join(cluster.dir, 'data');
  const logFile = join(cluster.dir, 'postgres.log');
  if (runningPid(pidFile(cluster))) return;
  mkdirSync(postgresSocketDir(cluster), { recursive: true });
  if (!existsSync(join(data, 'PG_VERSION'))) {
    mkdirSync(data, { recursive: true });
    chownToServerUser([data, postgresSocketDir(cluster)]);
    const initdb = asServerUser(postgresBinary('initdb'), [
      '-D',
      data,
      '-U',
      SUPERUSER,
      '--auth=trust',
      '--encoding=UTF8',
      '--no-instructions',
    ]);
    const result = spawnSync(initdb.command, initdb.args, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new InfraError(`initdb failed in ${data}: ${result.stderr || result.stdout}`);
  }
  chownToServerUser([postgresSocketDir(cluster)]);
  const server = asServerUser(postgresBinary('postgres'), [
    '-D',
    data,
    '-c',
    'listen_addresses=',
    '-c',
    `unix_socket_directories=${postgresSocketDir(cluster)}`,
    '-c',
    `port=${SOCKET_PORT}`,
    // A process kill keeps what was written to the page cache: commits wait for the WAL write,
    // not for its fsync (fsync=off), as the other embedded engines do.
    '-c',
    'fsync=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
    '-c',
    'shared_buffers=256MB',
  ]);
  startDaemon({
    name: 'postgres',
    command: server.command,
    args: server.args,
    pidFile: pidFile(cluster),
    logFile,
  });
  await waitUntil(
    'PostgreSQL',
    async () => {
      if (!existsSync(join(postgresSocketDir(cluster), `.s.PGSQL.${SOCKET_PORT}`)))
        throw new Error('no socket yet');
      if (!existsSync(join(data, 'postmaster.pid'))) throw new Error('starting');
    },
    60_000,
    logFile,
  );
}

/**
 * A fast shutdown (SIGINT to the postmaster alone): the default SIGTERM to the whole process
 * group would reach its helpers too, and a smart shutdown waits for every client.
 */
export async function stopPostgres(cluster: PostgresCluster): Promise<boolean> {
  const pid = runningPid(pidFile(cluster));
  if (!pid) return stopDaemon(pidFile(cluster));
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // gone in the meantime
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && runningPid(pidFile(cluster))) await sleep(100);
  return stopDaemon(pidFile(cluster));
}

export function killPostgres(cluster: PostgresCluster): Promise<boolean> {
  return killDaemon(pidFile(cluster));
}
