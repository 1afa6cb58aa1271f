import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { testEnvironment } from '@coffer/testing';

import { appendCommits } from '../test/append-commits';
import { EventStore } from './event-store';
import { checkReadModel } from './read-model-check';

const { config } = testEnvironment('read-model-check');

let connection: Connection;

beforeAll(async () => {
  connection = await mongoose.createConnection(databaseUrl(config, 'readmodel')).asPromise();
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

describe('checkReadModel', () => {
  it('names documents that are stale, have no events, or are missing', async () => {
    const store = new EventStore(connection.db!);
    await store.ensureIndexes();
    await appendCommits(store, ['fresh', 'stale', 'missing'], 3);
    await connection.db!.collection<{ _id: string; version: number }>('counters').insertMany([
      { _id: 'fresh', version: 3 },
      { _id: 'stale', version: 2 },
      { _id: 'orphan', version: 1 },
    ]);

    const report = await checkReadModel(connection.db!, store, {
      aggregateType: 'counter',
      collection: 'counters',
    });

    expect(report).toMatchObject({ aggregates: 3, documents: 3, differences: 3 });
    expect(report.examples).toEqual(
      expect.arrayContaining([
        { aggregateId: 'stale', kind: 'stale', storeVersion: 3, readModelVersion: 2 },
        { aggregateId: 'orphan', kind: 'no-events' },
        { aggregateId: 'missing', kind: 'missing' },
      ]),
    );
  });
});
