/**
 * How long a key is locked after `failures` consecutive failures: nothing below the
 * threshold, then the base duration doubling with each further failure, up to a maximum.
 */
export function lockDurationMs(
  failures: number,
  policy: { threshold: number; baseMs: number; maxMs: number },
): number {
  if (failures < policy.threshold) return 0;
  const doublings = Math.min(failures - policy.threshold, 20);
  return Math.min(policy.baseMs * 2 ** doublings, policy.maxMs);
}
