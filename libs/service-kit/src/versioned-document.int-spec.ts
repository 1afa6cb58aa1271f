import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { testEnvironment } from '@coffer/testing';

import { projectLatest, writeVersioned } from './versioned-document';

interface Doc {
  _id: string;
  status?: string;
  version?: number;
}

// Read models used `{ _id, version: { $lt } }` filters, which mongo-java-server answers by
// scanning the collection; writes by `_id` alone must still never leave an older state behind.
describe('read-model writes by _id alone', () => {
  const { config } = testEnvironment('versioned');
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose.createConnection(databaseUrl(config, 'identity')).asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const collection = () => connection.db!.collection<Doc>('versioned');

  it('creates, moves forward, and says when it overwrote a newer version', async () => {
    expect(await writeVersioned(collection(), 'a', 1, { status: 'active' })).toBe(true);
    expect(await writeVersioned(collection(), 'a', 3, { status: 'disabled' })).toBe(true);
    expect(await writeVersioned(collection(), 'a', 3, { status: 'disabled' })).toBe(true);
    expect(await writeVersioned(collection(), 'a', 2, { status: 'preserved' })).toBe(false);
  });

  it('writes the latest state again when an older command finishes after a newer one', async () => {
    // A newer command (version 5) already wrote; the one at version 4 comes late.
    await writeVersioned(collection(), 'b', 5, { status: 'active' });
    const loads: number[] = [];
    await projectLatest(
      { state: 'disabled', version: 4 },
      (status, version) => writeVersioned(collection(), 'b', version, { status }),
      async () => {
        loads.push(5);
        return { state: 'active', version: 5 };
      },
    );
    expect(loads).toEqual([5]);
    expect(await collection().findOne({ _id: 'b' })).toEqual({
      _id: 'b',
      status: 'active',
      version: 5,
    });
  });
});
