import type { EventEnvelope } from '@coffer/contracts';
import type { ReplayedMessage } from '@coffer/messaging';

import { ReplayBatch } from './replay-batch';

const HOUR_MS = 3_600_000;
const start = Date.parse('2026-05-01T00:00:00.000Z');

function message(partition: number, offset: number, hours: number): ReplayedMessage {
  const event = {
    id: `e-${partition}-${offset}`,
    occurredAt: new Date(start + hours * HOUR_MS).toISOString(),
  } as EventEnvelope;
  return { topic: 't', partition, offset: String(offset), event, raw: '', headers: {} };
}

describe('ReplayBatch', () => {
  it('applies nothing while a partition still being read is behind, and everything on flush', async () => {
    const applied: EventEnvelope[][] = [];
    const batch = new ReplayBatch({ applyBatch: async (events) => void applied.push([...events]) });
    batch.follow([
      { topic: 't', partition: 0, low: 0, high: 30_000 },
      { topic: 't', partition: 1, low: 0, high: 30_000 },
    ]);
    // Partition 0 races ahead; partition 1 has sent one old event: nothing is past both.
    await batch.add(message(1, 0, 0));
    for (let offset = 0; offset < 12_000; offset++)
      await batch.add(message(0, offset, 1 + offset / 1000));
    expect(applied).toEqual([]);
    // Partition 1 catches up to hour 6: what both are past is applied, the rest is held.
    for (let offset = 1; offset < 6_000; offset++)
      await batch.add(message(1, offset, offset / 1000));
    await batch.flush();
    const all = applied.flat();
    expect(all).toHaveLength(18_000);
    expect(new Set(all.map((event) => event.id)).size).toBe(18_000);
    expect(applied.length).toBeGreaterThan(1);
    const first = applied[0].map((event) => Date.parse(event.occurredAt));
    expect(Math.max(...first)).toBeLessThan(start + 6 * HOUR_MS);
  });

  it('applies the oldest when too much is held, and passes on a failure', async () => {
    let calls = 0;
    const batch = new ReplayBatch({
      applyBatch: async () => {
        calls += 1;
        throw new Error('database gone');
      },
    });
    batch.follow([
      { topic: 't', partition: 0, low: 0, high: 100_000 },
      { topic: 't', partition: 1, low: 0, high: 100_000 },
    ]);
    await expect(
      (async () => {
        for (let offset = 0; offset < 70_000; offset++)
          await batch.add(message(0, offset, offset / 1000));
      })(),
    ).rejects.toThrow('database gone');
    expect(calls).toBe(1);
  });
});
