import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  FERRETDB_VERSION,
  ferretDbDir,
  ferretDbPidFile,
  killFerretDb,
  startFerretDb,
  stopFerretDb,
} from './ferretdb';
import { type InfraContext, InfraError } from './infra-context';
import {
  killMongoJavaServer,
  MONGO_JAVA_SERVER_VERSION,
  mongoJavaServerPidFile,
  mongoJavaServerStoreFile,
  startMongoJavaServer,
  stopMongoJavaServer,
} from './mongo-java-server';
import { assertPortFree, runningPid } from './processes';

/** The servers of the MongoDB protocol that `npm start` and `npm test` can run locally. */
export const DATABASE_ENGINES = [
  'mongo-java-server',
  'ferretdb-sqlite',
  'ferretdb-postgres',
] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

/**
 * mongo-java-server on H2 by default: in `npm run bench -- engines` it updates by `_id` some 200
 * times as fast as FerretDB on SQLite (9 times as fast as on PostgreSQL), answers the audit query
 * in tens of milliseconds where both take seconds, passes every mongoose operation we use, and,
 * committing after every write, loses no acknowledged write to kill -9 (mongo-java-server-launcher/).
 */
export const DEFAULT_DATABASE_ENGINE: DatabaseEngine = 'mongo-java-server';

/** `COFFER_DB_ENGINE` chooses the engine; unset, the default. */
export function selectedDatabaseEngine(env: NodeJS.ProcessEnv = process.env): DatabaseEngine {
  const chosen = env.COFFER_DB_ENGINE?.trim();
  if (!chosen) return DEFAULT_DATABASE_ENGINE;
  if (!(DATABASE_ENGINES as readonly string[]).includes(chosen))
    throw new InfraError(
      `COFFER_DB_ENGINE=${chosen} is not an engine we run: ${DATABASE_ENGINES.join(', ')}`,
    );
  return chosen as DatabaseEngine;
}

export interface DatabaseStartOptions {
  /** mongo-java-server only: false commits about once a second, to measure what durability costs. */
  commitEveryWrite?: boolean;
}

export async function startDatabase(
  context: InfraContext,
  engine: DatabaseEngine,
  options: DatabaseStartOptions = {},
): Promise<void> {
  switch (engine) {
    case 'mongo-java-server':
      return startMongoJavaServer(context, options);
    case 'ferretdb-sqlite':
      return startFerretDb(context, 'sqlite');
    case 'ferretdb-postgres':
      return startFerretDb(context, 'postgresql');
  }
}

export async function stopDatabase(
  context: InfraContext,
  engine: DatabaseEngine,
): Promise<boolean> {
  const stopped = await stopEngine(context, engine);
  if (stopped) await waitForPortRelease(context);
  return stopped;
}

function stopEngine(context: InfraContext, engine: DatabaseEngine): Promise<boolean> {
  switch (engine) {
    case 'mongo-java-server':
      return stopMongoJavaServer(context);
    case 'ferretdb-sqlite':
      return stopFerretDb(context, 'sqlite');
    case 'ferretdb-postgres':
      return stopFerretDb(context, 'postgresql');
  }
}

/** Ends the database as a crash would: SIGKILL, nothing flushed or closed. */
export async function killDatabase(
  context: InfraContext,
  engine: DatabaseEngine,
): Promise<boolean> {
  const killed = await killEngine(context, engine);
  if (killed) await waitForPortRelease(context);
  return killed;
}

function killEngine(context: InfraContext, engine: DatabaseEngine): Promise<boolean> {
  switch (engine) {
    case 'mongo-java-server':
      return killMongoJavaServer(context);
    case 'ferretdb-sqlite':
      return killFerretDb(context, 'sqlite');
    case 'ferretdb-postgres':
      return killFerretDb(context, 'postgresql');
  }
}

/**
 * A killed JVM (or Go program) reads as dead once its main thread is a zombie, while its other
 * threads may still be exiting and holding the listening socket and the store's file lock; a
 * restart at that moment found the port taken. So a stop or kill returns once the port is free.
 */
async function waitForPortRelease(context: InfraContext): Promise<void> {
  const { host, ports } = context.config;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await assertPortFree(ports.mongo, host, 'the stopped database');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

/** The engines whose server runs from this data directory (normally one, since they share a port). */
export function runningDatabaseEngines(context: InfraContext): DatabaseEngine[] {
  const pidFiles: Record<DatabaseEngine, string> = {
    'mongo-java-server': mongoJavaServerPidFile(context),
    'ferretdb-sqlite': ferretDbPidFile(context, 'sqlite'),
    'ferretdb-postgres': ferretDbPidFile(context, 'postgresql'),
  };
  return DATABASE_ENGINES.filter((engine) => runningPid(pidFiles[engine]) !== undefined);
}

/** One line for people: which server, which version, where its data is. */
export function describeDatabase(context: InfraContext, engine: DatabaseEngine): string {
  switch (engine) {
    case 'mongo-java-server':
      return `mongo-java-server ${MONGO_JAVA_SERVER_VERSION}, H2 in ${mongoJavaServerStoreFile(context)}`;
    case 'ferretdb-sqlite':
      return `FerretDB ${FERRETDB_VERSION}, SQLite in ${join(ferretDbDir(context, 'sqlite'), 'data')}`;
    case 'ferretdb-postgres':
      return `FerretDB ${FERRETDB_VERSION}, PostgreSQL in ${join(ferretDbDir(context, 'postgresql'), 'postgres')}`;
  }
}
