import type { EventEnvelope } from '@coffer/contracts';

import { BatchMerger } from './batch-merger';

function events(prefix: string, count: number): EventEnvelope[] {
  return Array.from(
    { length: count },
    (_, index) => ({ id: `${prefix}${index}` }) as EventEnvelope,
  );
}

describe('BatchMerger', () => {
  it('applies a chunk at once when nothing is in flight', async () => {
    const applied: string[][] = [];
    const merger = new BatchMerger(async (batch) => {
      applied.push(batch.map((event) => event.id));
    });

    await merger.apply(events('a', 3));

    expect(applied).toEqual([['a0', 'a1', 'a2']]);
  });

  it('merges the chunks that wait for a batch in flight, one batch at a time, each in order', async () => {
    // Partitions consumed concurrently: their chunks must not be applied side by side, or an
    // older state of a shared document could overwrite a newer one.
    let inFlight = 0;
    let mostInFlight = 0;
    const applied: string[][] = [];
    const merger = new BatchMerger(async (batch) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      applied.push(batch.map((event) => event.id));
      inFlight -= 1;
    });

    await Promise.all([
      merger.apply(events('a', 2)),
      merger.apply(events('b', 2)),
      merger.apply(events('c', 1)),
    ]);

    expect(mostInFlight).toBe(1);
    expect(applied).toEqual([
      ['a0', 'a1'],
      ['b0', 'b1', 'c0'],
    ]);
  });

  it('keeps a merged batch within its bound, in whole chunks', async () => {
    const sizes: number[] = [];
    const merger = new BatchMerger(async (batch) => {
      sizes.push(batch.length);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }, 5);

    await Promise.all(['a', 'b', 'c', 'd'].map((prefix) => merger.apply(events(prefix, 3))));

    expect(sizes).toEqual([3, 3, 3, 3]);
  });

  it('fails every chunk of a failed batch, and goes on with the next', async () => {
    let calls = 0;
    const merger = new BatchMerger(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (calls === 2) throw new Error('database gone');
    });

    const outcomes = await Promise.allSettled([
      merger.apply(events('a', 1)),
      merger.apply(events('b', 1)),
      merger.apply(events('c', 1)),
    ]);
    await merger.apply(events('d', 1));

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    expect(calls).toBe(3);
  });
});
