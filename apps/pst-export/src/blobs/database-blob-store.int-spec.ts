import { randomBytes } from 'node:crypto';

import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { testEnvironment } from '@coffer/testing';

import { DatabaseBlobStore } from './database-blob-store';

const MiB = 1024 * 1024;

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

// Blob reads were two round trips per message (file, then its one chunk) and one per MiB with
// nothing in flight meanwhile; these pin what the faster layout must still get right.
describe('blobs in the database', () => {
  const { config } = testEnvironment('blobs');
  let connection: Connection;
  let store: DatabaseBlobStore;

  beforeAll(async () => {
    connection = await mongoose.createConnection(databaseUrl(config, 'pst-export')).asPromise();
    store = new DatabaseBlobStore(connection.db!);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('keeps a blob smaller than a chunk in its file document, read back whole or in part', async () => {
    const message = randomBytes(40_000);
    const info = await store.put('message-1', message);
    expect(info.size).toBe(40_000);
    expect(await connection.db!.collection('blob_chunks').countDocuments({})).toBe(0);

    expect((await readAll(store.read('message-1'))).equals(message)).toBe(true);
    expect(
      (await readAll(store.read('message-1', { start: 100, end: 199 }))).equals(
        message.subarray(100, 200),
      ),
    ).toBe(true);
    expect(await store.info('message-1')).toEqual(info);
  });

  it('splits a large blob into chunks and reads any range across them', async () => {
    const file = randomBytes(3 * MiB + 12_345);
    const parts = [
      file.subarray(0, MiB / 2),
      file.subarray(MiB / 2, 2 * MiB),
      file.subarray(2 * MiB),
    ];
    async function* stream() {
      for (const part of parts) yield part;
    }
    const info = await store.put('pst-1', stream());
    expect(info.size).toBe(file.length);

    expect((await readAll(store.read('pst-1'))).equals(file)).toBe(true);
    const range = { start: MiB - 10, end: 3 * MiB + 5 };
    expect(
      (await readAll(store.read('pst-1', range))).equals(file.subarray(MiB - 10, 3 * MiB + 6)),
    ).toBe(true);
  });

  it('reads an empty blob as nothing, and a blob that lost a chunk as an error', async () => {
    await store.put('empty', Buffer.alloc(0));
    expect((await readAll(store.read('empty'))).length).toBe(0);

    await store.put('damaged', randomBytes(2 * MiB + 1));
    await connection.db!.collection('blob_chunks').deleteOne({ _id: 'damaged#00000001' as never });
    await expect(readAll(store.read('damaged'))).rejects.toThrow('missing chunk 1');
  });

  it('stops reading ahead when the reader stops, and deletes every part of a blob', async () => {
    await store.put('pst-2', randomBytes(3 * MiB));
    for await (const chunk of store.read('pst-2')) {
      expect(chunk.length).toBe(MiB);
      break;
    }
    await store.delete('pst-2');
    await store.delete('message-1');
    expect(await store.info('pst-2')).toBeUndefined();
    expect(await store.info('message-1')).toBeUndefined();
    expect(
      await connection.db!.collection('blob_chunks').countDocuments({ _id: /^pst-2#/ as never }),
    ).toBe(0);
  });
});
