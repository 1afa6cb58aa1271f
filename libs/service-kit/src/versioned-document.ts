import type { mongo } from 'mongoose';

interface Versioned {
  _id: string;
  version?: number;
}

/**
 * Writes a read-model document at an aggregate version, found by `_id` alone: the only filter
 * every engine answers from its primary key (mongo-java-server uses an index only when the filter
 * names exactly its fields, so `{ _id, version: { $lt } }` scans the collection there). The
 * version guard moves from the filter to the answer: the document as it was comes back, and
 * `false` says it was already at a newer version, which this write has just overwritten. The
 * caller then writes the latest state again (it converges: the newest writer always wins last).
 */
export async function writeVersioned<T extends Versioned>(
  collection: mongo.Collection<T>,
  id: string,
  version: number,
  fields: Record<string, unknown>,
): Promise<boolean> {
  const before = await collection.findOneAndUpdate(
    { _id: id } as mongo.Filter<T>,
    { $set: { ...fields, version } } as mongo.UpdateFilter<T>,
    // No projection: FerretDB 1.24 refuses findAndModify with `fields` (found by npm test's
    // second-engine run); the documents are small.
    { upsert: true, returnDocument: 'before' },
  );
  return (before?.version ?? 0) <= version;
}

/**
 * Projects an aggregate after a command: writes the state it reached and, when a newer command's
 * write was overtaken, loads the aggregate again and writes its latest state, until the document
 * holds the newest version.
 */
export async function projectLatest<State>(
  reached: { state: State; version: number },
  write: (state: State, version: number) => Promise<boolean>,
  load: () => Promise<{ state: State; version: number }>,
): Promise<void> {
  let current = reached;
  for (let attempt = 0; !(await write(current.state, current.version)); attempt++) {
    if (attempt >= 10) throw new Error('read model kept being overtaken; giving up for now');
    current = await load();
  }
}
