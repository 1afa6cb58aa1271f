// Appends to one aggregate at versions 0..count-1, racing another copy of this process.
// Prints one JSON line: which versions this process won and how many conflicts it saw.
import mongoose from 'mongoose';

import { ConcurrencyError } from '../src/concurrency-error';
import { EventStore } from '../src/event-store';

async function main() {
  const [url, aggregateId, countText, writer, collection] = process.argv.slice(2);
  const connection = await mongoose.createConnection(url).asPromise();
  const store = new EventStore(connection.db!, undefined, collection);
  const won: number[] = [];
  let conflicts = 0;
  for (let version = 0; version < Number(countText); version++) {
    try {
      await store.append({
        aggregate: { type: 'race', id: aggregateId },
        orgId: 'org',
        expectedVersion: version,
        events: [{ type: 'test.race.won', schemaVersion: 1, payload: { writer } }],
        context: { actor: { type: 'system' }, correlationId: writer },
      });
      won.push(version + 1);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      conflicts++;
    }
  }
  console.log(JSON.stringify({ writer, won, conflicts }));
  await connection.close();
}

void main();
