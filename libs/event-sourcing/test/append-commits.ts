import type { EventStore } from '../src/event-store';

export const testContext = {
  actor: { type: 'system' as const },
  correlationId: 'event-store-test',
};

/** Appends `count` single-event commits to each aggregate, in order, from version `from`. */
export async function appendCommits(
  store: EventStore,
  aggregateIds: string[],
  count: number,
  from = 0,
) {
  for (let version = from; version < from + count; version++) {
    for (const id of aggregateIds) {
      await store.append({
        aggregate: { type: 'counter', id },
        orgId: 'org',
        expectedVersion: version,
        events: [
          { type: 'test.counter.incremented', schemaVersion: 1, payload: { to: version + 1 } },
        ],
        context: testContext,
      });
    }
  }
}
