import { databaseUrl } from '@coffer/config';
import { testEnvironment } from '@coffer/testing';

import { recordedDatabase } from '../test/recorded-database';
import { ProjectionCheckpoints } from './projection-checkpoints';

const { config } = testEnvironment('checkpoints');

const database = recordedDatabase(databaseUrl(config, 'checkpoints'));

const progress = (topic: string, partition: number, offset: number) => ({
  topic,
  partition,
  offset: String(offset),
  highWatermark: String(offset + 1),
  lastEventAt: new Date(Date.UTC(2025, 0, 1, 0, 0, offset)).toISOString(),
});

const topics = ['coffer.identity.events', 'coffer.profiles.events'];
const partitions = topics.flatMap((topic) => [2, 0, 1].map((partition) => ({ topic, partition })));

describe('projection checkpoints', () => {
  beforeAll(async () => {
    const checkpoints = new ProjectionCheckpoints(database.connection.db!);
    // Every partition's first batch at once, as a consumer of six partitions saves them.
    await Promise.all(
      partitions.map(({ topic, partition }) =>
        checkpoints.save('trail', progress(topic, partition, 10)),
      ),
    );
    await checkpoints.save('trail', progress('coffer.identity.events', 1, 42));
    await checkpoints.save('trail:copy', progress('coffer.identity.events', 0, 7));
    await checkpoints.save('trai', progress('coffer.identity.events', 0, 8));
  });

  const expected = [
    ['coffer.identity.events', 0, '10'],
    ['coffer.identity.events', 1, '42'],
    ['coffer.identity.events', 2, '10'],
    ['coffer.profiles.events', 0, '10'],
    ['coffer.profiles.events', 1, '10'],
    ['coffer.profiles.events', 2, '10'],
  ];

  it('reads the partitions the caller names by their _id, every concurrent save kept', async () => {
    const checkpoints = new ProjectionCheckpoints(database.connection.db!);
    database.recorder.take();

    const listed = await checkpoints.list('trail', partitions);

    expect(database.recorder.take()).toEqual([
      {
        name: 'find',
        collection: 'projection_checkpoints',
        filter: { _id: { $in: expect.arrayContaining(['trail:coffer.profiles.events:2']) } },
      },
    ]);
    expect(listed.map(({ topic, partition, offset }) => [topic, partition, offset])).toEqual(
      expected,
    );
    expect(listed[1]).toMatchObject({
      _id: 'trail:coffer.identity.events:1',
      projection: 'trail',
      highWatermark: '43',
      lastEventAt: '2025-01-01T00:00:42.000Z',
    });
  });

  it('without the partitions, reads the projection by its _id prefix, and only that projection', async () => {
    const checkpoints = new ProjectionCheckpoints(database.connection.db!);

    const listed = await checkpoints.list('trail');

    expect(listed.map(({ topic, partition, offset }) => [topic, partition, offset])).toEqual(
      expected,
    );
    expect(await checkpoints.list('unknown')).toEqual([]);
    expect(await checkpoints.list('trail:copy')).toHaveLength(1);
  });
});
