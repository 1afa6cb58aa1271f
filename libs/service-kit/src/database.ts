import mongoose, { type Connection, mongo } from 'mongoose';

import type { DbCommandLog } from './db-command-log';
import { retryWithBackoff } from './retry';

/**
 * A database connection that waits (with backoff) for the server instead of failing start-up.
 * With a command log, the driver reports every command it sends and the log records its shape.
 */
export async function connectDatabase(
  url: string,
  log: (line: string) => void,
  commandLog?: DbCommandLog,
): Promise<Connection> {
  const safeUrl = redactUrl(url);
  return retryWithBackoff(
    async () => {
      const connection = mongoose.createConnection(url, {
        serverSelectionTimeoutMS: 3_000,
        // Writes refused quickly when the server is gone, rather than queued forever.
        bufferCommands: false,
        monitorCommands: commandLog !== undefined,
      });
      try {
        await connection.asPromise();
        commandLog?.attach(connection.getClient());
        return connection;
      } catch (error) {
        await connection.close().catch(() => undefined);
        throw error;
      }
    },
    { what: `database at ${safeUrl}`, log },
  );
}

export function databaseOf(connection: Connection): mongo.Db {
  const db = connection.db;
  if (!db) throw new Error('database connection is not open');
  return db;
}

export async function pingDatabase(connection: Connection): Promise<void> {
  await databaseOf(connection).command({ ping: 1 }, { timeoutMS: 2_000 });
}

/** Connection strings may hold credentials: never log them. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}
