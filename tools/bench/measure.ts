import { performance } from 'node:perf_hooks';

export interface Rate {
  count: number;
  seconds: number;
  perSecond: number;
}

export function rate(count: number, startedAt: number, endedAt = performance.now()): Rate {
  const seconds = (endedAt - startedAt) / 1000;
  return { count, seconds: round(seconds, 3), perSecond: round(count / seconds, 0) };
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}
