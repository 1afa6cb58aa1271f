import type { mongo } from 'mongoose';

/** Updates per bulk write: FerretDB 1.24 holds a connection per statement and hung on 150. */
export const LARGEST_BULK_WRITE = 50;
/** Slices sent at once: the engine serves a few commands side by side. */
const SLICES_IN_PARALLEL = 4;

/**
 * Sends `writes` as bulk writes of at most LARGEST_BULK_WRITE each, a few at a time, unordered:
 * every write here sets fields by `_id` from a state already decided, so their order does not
 * matter, and a write lost to a crash is made again by the redelivery that follows.
 */
export async function bulkWriteInSlices<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  writes: mongo.AnyBulkWriteOperation<T>[],
): Promise<void> {
  let next = 0;
  const slices = Math.ceil(writes.length / LARGEST_BULK_WRITE);
  await Promise.all(
    Array.from({ length: Math.min(SLICES_IN_PARALLEL, slices) }, async () => {
      while (next < writes.length) {
        const slice = writes.slice(next, next + LARGEST_BULK_WRITE);
        next += LARGEST_BULK_WRITE;
        await collection.bulkWrite(slice, { ordered: false });
      }
    }),
  );
}
