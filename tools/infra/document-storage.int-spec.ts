import mongoose, { type mongo } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { testEnvironment } from '@coffer/testing';

const { Binary, Decimal128, Long, ObjectId, UUID } = mongoose.mongo;

// The embedded engine's launcher stores documents and unique-index keys in a format of its own
// (BSON, tools/infra/mongo-java-server-launcher) and answers `_id: {$in}` from its primary key
// without matching the list again. These are MongoDB's semantics, so the test holds on any engine;
// on mongo-java-server it is what shows the format keeps every type the services store.
describe('documents on the embedded database', () => {
  const { config } = testEnvironment('document-storage');
  let client: mongo.MongoClient;
  let db: mongo.Db;

  beforeAll(async () => {
    client = await new mongoose.mongo.MongoClient(config.mongoUrl).connect();
    db = client.db(new URL(databaseUrl(config, 'storage')).pathname.slice(1));
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('reads back every BSON type a service stores, with its type and its field order', async () => {
    const stored = {
      _id: 'every-type',
      text: 'Grüße, 東京 🗝',
      int32: 42,
      int64: Long.fromString('9007199254740993'),
      double: 0.1,
      decimal: Decimal128.fromString('12345.678901234567890'),
      at: new Date('2026-12-03T10:11:12.345Z'),
      bytes: new Binary(Buffer.from([0, 1, 2, 254, 255])),
      uuid: new UUID('3b241101-e2bb-4255-8caf-4136c566a962'),
      objectId: new ObjectId('65a1b2c3d4e5f60718293a4b'),
      yes: true,
      nothing: null,
      nested: { z: 1, a: [1, 'two', { three: 3 }, []], empty: {} },
    };
    const types = db.collection<typeof stored>('types');
    await types.insertOne(stored);

    const found = await types.findOne({ _id: 'every-type' }, { promoteLongs: false });

    expect(found).toEqual(stored);
    expect(Object.keys(found!)).toEqual(Object.keys(stored));
    expect(Object.keys(found!.nested as object)).toEqual(['z', 'a', 'empty']);
  });

  it('refuses a second document under a unique key, and takes it once the first is gone', async () => {
    const accounts = db.collection<{ _id: string; email: string }>('accounts');
    await accounts.createIndex({ email: 1 }, { unique: true });
    await accounts.insertOne({ _id: 'a1', email: 'ann@example.test' });

    await expect(
      accounts.insertOne({ _id: 'a1', email: 'other@example.test' }),
    ).rejects.toMatchObject({
      code: 11000,
    });
    await expect(
      accounts.insertOne({ _id: 'a2', email: 'ann@example.test' }),
    ).rejects.toMatchObject({
      code: 11000,
    });
    await accounts.deleteOne({ _id: 'a1' });
    await accounts.insertOne({ _id: 'a2', email: 'ann@example.test' });
    expect(await accounts.find().toArray()).toEqual([{ _id: 'a2', email: 'ann@example.test' }]);
  });

  it('answers _id: {$in} with exactly the listed documents that exist, sorted, limited and projected', async () => {
    const items = db.collection<{ _id: string; n: number; kind: string }>('items');
    await items.insertMany(
      Array.from({ length: 300 }, (_, n) => ({
        _id: `item-${String(n).padStart(3, '0')}`,
        n,
        kind: n % 2 ? 'odd' : 'even',
      })),
    );
    const asked = [
      ...Array.from({ length: 200 }, (_, n) => `item-${String(n * 2).padStart(3, '0')}`),
      'item-004',
      'missing',
    ];

    const found = await items
      .find({ _id: { $in: asked } })
      .sort({ n: -1 })
      .limit(5)
      .project({ kind: 0 })
      .toArray();
    const odd = await items
      .find({ _id: { $in: ['item-001', 'item-002', 'item-003'] }, kind: 'odd' })
      .toArray();
    const byPrefix = await items.find({ _id: /^item-29/ }).toArray();
    const counted = await items.countDocuments({ _id: { $in: asked } });
    const removed = await items.deleteMany({ _id: { $in: ['item-000', 'item-001', 'missing'] } });

    expect(found).toEqual([298, 296, 294, 292, 290].map((n) => ({ _id: `item-${n}`, n })));
    expect(counted).toBe(150);
    expect(odd.map((item) => item._id)).toEqual(['item-001', 'item-003']);
    expect(byPrefix.map((item) => item.n).sort((a, b) => a - b)).toEqual([
      290, 291, 292, 293, 294, 295, 296, 297, 298, 299,
    ]);
    expect(removed.deletedCount).toBe(2);
    expect(await items.countDocuments()).toBe(298);
  });

  // Every write command commits the whole store before it answers, on the thread that ran it.
  // mongo-java-server used to change a found document in place, so a commit made for another
  // writer could encode it while an update added or removed its fields; MVStore then closed the
  // store for good. Writers on one collection adding and removing fields of wide documents,
  // beside writers inserting elsewhere (each a commit), must leave the server up and every
  // update in place.
  it('keeps every update and stays up while commits run beside updates that add and remove fields', async () => {
    type Wide = { _id: string; [field: string]: unknown };
    const wide = db.collection<Wide>('wide');
    const fields = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`f${i}`, i]));
    const ids = Array.from({ length: 12 }, (_, i) => `wide-${i}`);
    await wide.insertMany(ids.map((_id) => ({ _id, ...fields })));
    const commits = db.collection<{ _id: string }>('commits');
    const rounds = 30;

    await Promise.all([
      ...ids.map(async (_id) => {
        for (let round = 1; round <= rounds; round++) {
          await wide.updateOne(
            { _id },
            { $set: { [`r${round}`]: round }, $unset: { [`r${round - 1}`]: '' } },
          );
        }
      }),
      ...Array.from({ length: 4 }, async (_, writer) => {
        for (let round = 0; round < rounds * 3; round++) {
          await commits.insertOne({ _id: `commit-${writer}-${round}` });
        }
      }),
    ]);

    await expect(db.command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    for (const document of await wide.find().toArray()) {
      expect(document[`r${rounds}`]).toBe(rounds);
      expect(document).not.toHaveProperty(`r${rounds - 1}`);
      expect(document.f1999).toBe(1999);
    }
  });
});
