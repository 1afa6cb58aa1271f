import mongoose, { type Connection } from 'mongoose';

import { CommandRecorder } from './command-recorder';

/**
 * A database of the test file's own at `url`: open for its tests with every command recorded,
 * dropped after its last. `connection` and `recorder` are there once the first `beforeAll` ran.
 */
export function recordedDatabase(url: string): {
  readonly connection: Connection;
  readonly recorder: CommandRecorder;
} {
  const opened = {} as { connection: Connection; recorder: CommandRecorder };
  beforeAll(async () => {
    opened.connection = await mongoose.createConnection(url, { monitorCommands: true }).asPromise();
    opened.recorder = new CommandRecorder(opened.connection.getClient());
  });
  afterAll(async () => {
    await opened.connection.dropDatabase();
    await opened.connection.close();
  });
  return opened;
}
