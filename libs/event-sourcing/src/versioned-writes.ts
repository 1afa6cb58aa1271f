import type { mongo } from 'mongoose';

interface Versioned {
  _id: string;
  version: number;
}

/**
 * Read-model writes guarded by the aggregate version: a document only moves forward, so an
 * event applied twice, or after a newer one, changes nothing.
 */
export async function upsertIfNewer<T extends Versioned>(
  collection: mongo.Collection<T>,
  id: string,
  version: number,
  fields: Record<string, unknown>,
): Promise<void> {
  try {
    await collection.updateOne(
      { _id: id, version: { $lt: version } } as mongo.Filter<T>,
      { $set: { ...fields, version } } as mongo.UpdateFilter<T>,
      { upsert: true },
    );
  } catch (error) {
    // The upsert met the document at this version or a newer one: already applied.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

export async function updateIfNewer<T extends Versioned>(
  collection: mongo.Collection<T>,
  id: string,
  version: number,
  fields: Record<string, unknown>,
): Promise<void> {
  await collection.updateOne(
    { _id: id, version: { $lt: version } } as mongo.Filter<T>,
    { $set: { ...fields, version } } as mongo.UpdateFilter<T>,
  );
}
