import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import mongoose from 'mongoose';

const CHECK_TIMEOUT_MS = 10_000;

export interface CompatibilityReport {
  passed: number;
  of: number;
  /** Check name → what went wrong. */
  failures: Record<string, string>;
}

/** What the services do through mongoose 8, each with a time limit (FerretDB can hang on some). */
export async function checkEngineCompatibility(url: string): Promise<CompatibilityReport> {
  const connection = await mongoose
    .createConnection(`${url}/compat`, {
      serverSelectionTimeoutMS: 5_000,
      retryWrites: false,
      autoIndex: false,
    })
    .asPromise();
  const schema = new mongoose.Schema(
    {
      _id: String,
      email: { type: String, unique: true },
      n: Number,
      data: Buffer,
    },
    { versionKey: false },
  );
  const Item = connection.model('Item', schema, 'items');
  const checks: [string, () => Promise<unknown>][] = [
    ['createIndexes (unique)', () => Item.createIndexes()],
    [
      'insertMany + countDocuments',
      async () => {
        await Item.insertMany(
          Array.from({ length: 20 }, (_, n) => ({
            _id: `i${String(n).padStart(2, '0')}`,
            email: `e${n}@x.test`,
            n,
          })),
        );
        expect(await Item.countDocuments({ n: { $gte: 10 } }), 10);
      },
    ],
    [
      'unique index enforced (11000)',
      async () => {
        const error = await Item.create({ _id: 'dup', email: 'e1@x.test', n: 99 }).then(
          () => undefined,
          (failure: { code?: number }) => failure,
        );
        expect(error?.code, 11000);
      },
    ],
    [
      'aggregate $match/$group',
      async () => {
        const [total] = await Item.aggregate<{ total: number }>([
          { $match: { n: { $lt: 10 } } },
          { $group: { _id: null, total: { $sum: '$n' } } },
        ]);
        expect(total?.total, 45);
      },
    ],
    [
      'findOneAndUpdate upsert',
      async () => {
        const update = () =>
          Item.findOneAndUpdate(
            { _id: 'upserted' },
            { $inc: { n: 1 }, $setOnInsert: { email: 'upserted@x.test' } },
            { upsert: true, new: true },
          ).lean();
        expect((await update())?.n, 1);
        expect((await update())?.n, 2);
      },
    ],
    [
      'bulkWrite 10 updates + insert + delete',
      async () => {
        const result = await Item.bulkWrite([
          ...Array.from({ length: 10 }, (_, index) => ({
            updateOne: {
              filter: { _id: `i${String(index % 20).padStart(2, '0')}` },
              update: { $inc: { n: 0.5 } },
            },
          })),
          { insertOne: { document: { _id: 'bulk', email: 'bulk@x.test', n: 0 } } },
          { deleteOne: { filter: { _id: 'bulk' } } },
        ]);
        expect(result.modifiedCount, 10);
      },
    ],
    [
      '$in on _id and on a field',
      async () => {
        expect((await Item.find({ _id: { $in: ['i01', 'i05', 'i09', 'none'] } }).lean()).length, 3);
        expect((await Item.find({ email: { $in: ['e1@x.test', 'e2@x.test'] } }).lean()).length, 2);
      },
    ],
    [
      '_id range ($gt/$lt)',
      async () => {
        const ids = (
          await Item.find({ _id: { $gt: 'i03', $lt: 'i07' } })
            .sort({ _id: 1 })
            .lean()
        ).map((item) => item._id);
        expect(ids.join(','), 'i04,i05,i06');
      },
    ],
    [
      'sort + limit',
      async () => {
        const ids = (await Item.find({}).sort({ email: -1 }).limit(2).lean()).map(
          (item) => item.email,
        );
        expect(ids.join(','), 'upserted@x.test,e9@x.test');
      },
    ],
    [
      'binary round trip',
      async () => {
        const data = randomBytes(4096);
        await Item.create({ _id: 'binary', email: 'binary@x.test', data });
        const found = await Item.findById('binary').lean();
        expect(Buffer.from(found?.data?.buffer ?? []).equals(data), true);
      },
    ],
    [
      // Last: FerretDB 1.24 hangs on it and answers nothing on the same connection afterwards.
      'bulkWrite 150 updates + insert + delete',
      async () => {
        const result = await Item.bulkWrite([
          ...Array.from({ length: 150 }, (_, index) => ({
            updateOne: {
              filter: { _id: `i${String(index % 20).padStart(2, '0')}` },
              update: { $inc: { n: 0.5 } },
            },
          })),
          { insertOne: { document: { _id: 'bulk-2', email: 'bulk-2@x.test', n: 0 } } },
          { deleteOne: { filter: { _id: 'bulk-2' } } },
        ]);
        expect(result.modifiedCount, 150);
      },
    ],
  ];
  const failures: Record<string, string> = {};
  try {
    for (const [name, check] of checks) {
      const outcome = await Promise.race([
        check().then(() => undefined),
        sleep(CHECK_TIMEOUT_MS).then(() => `no answer within ${CHECK_TIMEOUT_MS / 1000} s`),
      ]).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
      if (outcome) failures[name] = outcome.split('\n')[0].slice(0, 200);
    }
  } finally {
    await connection.close(true).catch(() => undefined);
  }
  return { passed: checks.length - Object.keys(failures).length, of: checks.length, failures };
}

function expect(actual: unknown, expected: unknown) {
  if (actual !== expected) throw new Error(`expected ${String(expected)}, got ${String(actual)}`);
}
