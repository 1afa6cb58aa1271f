import { closeSync, openSync, writeSync } from 'node:fs';

import type { mongo } from 'mongoose';

import { commandShape, type DbCommandRecord } from './db-command-shape';
import { currentDbOperation } from './db-operation-context';

/** Set to a file path, every service appends one JSON line per database command it sends. */
export const DB_COMMAND_LOG_VARIABLE = 'COFFER_DB_COMMAND_LOG';

/** Handshakes and monitoring: not the service's own work. */
const IGNORED_COMMANDS = new Set(['hello', 'ismaster', 'isMaster', 'saslStart', 'saslContinue']);

export function dbCommandLogFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env[DB_COMMAND_LOG_VARIABLE]?.trim();
  return file ? file : undefined;
}

/**
 * Records the commands a service sends through one client (driver command monitoring): their
 * collection, command name and the shape of each filter, never a value or a document, so the
 * file holds no secret. Each line is one `write` to a file opened for appending, so the
 * services of a test run can share one file without tearing each other's lines; written
 * synchronously so a service killed a moment later has not lost what it sent.
 */
export class DbCommandLog {
  private fd?: number;

  constructor(
    private readonly file: string,
    private readonly service: string,
  ) {}

  attach(client: mongo.MongoClient): void {
    this.fd ??= openSync(this.file, 'a');
    client.on('commandStarted', (event) => {
      if (IGNORED_COMMANDS.has(event.commandName)) return;
      this.write({
        service: this.service,
        database: event.databaseName,
        ...commandShape(event.commandName, event.command as Record<string, unknown>),
        ...this.operation(),
      });
    });
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private operation(): Pick<DbCommandRecord, 'operation' | 'request'> {
    const operation = currentDbOperation();
    return operation ? { operation: operation.name, request: operation.request } : {};
  }

  private write(record: DbCommandRecord): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }
}
