import type { mongo } from 'mongoose';

export interface RecordedCommand {
  name: string;
  collection: string;
  /** The filter of a find, count, update or delete; the ids of an insert. */
  filter?: unknown;
  sort?: unknown;
}

const COLLECTION_COMMANDS = new Set(['find', 'insert', 'update', 'delete', 'aggregate', 'count']);

/** Every collection command a client sends, from the driver's command monitoring. */
export class CommandRecorder {
  private recorded: RecordedCommand[] = [];

  constructor(client: mongo.MongoClient) {
    client.on('commandStarted', (event) => {
      if (!COLLECTION_COMMANDS.has(event.commandName)) return;
      const command = event.command as Record<string, unknown>;
      const statements = (command.updates ?? command.deletes) as { q: unknown }[] | undefined;
      this.recorded.push({
        name: event.commandName,
        collection: String(command[event.commandName]),
        filter:
          command.filter ??
          command.query ??
          statements?.map((statement) => statement.q) ??
          (command.documents as { _id: unknown }[] | undefined)?.map((document) => document._id),
        // The driver sends a sort as a Map (key order matters); compare it as an object.
        ...(command.sort ? { sort: Object.fromEntries(command.sort as Map<string, unknown>) } : {}),
      });
    });
  }

  /** What was recorded since the last call. */
  take(): RecordedCommand[] {
    const taken = this.recorded;
    this.recorded = [];
    return taken;
  }
}
