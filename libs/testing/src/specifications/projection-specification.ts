import type { EventEnvelope } from '@coffer/contracts';

/**
 * A projection must tolerate redelivery (Kafka delivers at least once, a replay starts over):
 * applying every event again, in order or one at a time, leaves exactly what applying them once
 * left. `snapshot` reads what the projection keeps (its documents, without volatile fields).
 */
export async function expectRedeliveryChangesNothing(
  apply: (event: EventEnvelope) => Promise<void>,
  snapshot: () => Promise<unknown>,
  events: readonly EventEnvelope[],
): Promise<void> {
  for (const event of events) await apply(event);
  const once = await snapshot();
  for (const event of events) {
    await apply(event);
    expect(await snapshot()).toEqual(once);
  }
  for (const event of events) await apply(event);
  expect(await snapshot()).toEqual(once);
}
