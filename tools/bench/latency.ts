import { performance } from 'node:perf_hooks';

import { round } from './measure';

export interface LatencyReport {
  count: number;
  concurrency: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** Runs `operation` `count` times with `concurrency` in flight; rate and latency percentiles. */
export async function measureLatency(
  count: number,
  concurrency: number,
  operation: (index: number) => Promise<void>,
): Promise<LatencyReport> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const begun = performance.now();
        await operation(index);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (fraction: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(fraction * latencies.length))];
  return {
    count,
    concurrency,
    perSecond: round(count / seconds, 1),
    p50Ms: round(at(0.5), 1),
    p99Ms: round(at(0.99), 1),
    meanMs: round(latencies.reduce((sum, value) => sum + value, 0) / latencies.length, 1),
  };
}
