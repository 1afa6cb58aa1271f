import type { mongo } from 'mongoose';

/**
 * Inserts, and replaces only when a document is already there (the leftover of a write cut
 * short): FerretDB inserts fast but updates by scanning the collection.
 */
export async function insertOrReplace<T extends { _id: string }>(
  collection: mongo.Collection<T>,
  document: T,
): Promise<void> {
  try {
    await collection.insertOne(document as mongo.OptionalUnlessRequiredId<T>);
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    await collection.replaceOne(
      { _id: document._id } as mongo.Filter<T>,
      document as mongo.WithoutId<T>,
    );
  }
}
