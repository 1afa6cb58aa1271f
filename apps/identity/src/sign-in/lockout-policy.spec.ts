import { lockDurationMs } from './lockout-policy';

describe('lockDurationMs', () => {
  const policy = { threshold: 5, baseMs: 30_000, maxMs: 15 * 60_000 };

  it('locks nothing below the threshold', () => {
    expect(lockDurationMs(4, policy)).toBe(0);
  });

  it('locks for the base duration at the threshold, doubling with each further failure', () => {
    expect([5, 6, 7].map((failures) => lockDurationMs(failures, policy))).toEqual([
      30_000, 60_000, 120_000,
    ]);
  });

  it('never locks longer than the maximum', () => {
    expect(lockDurationMs(50, policy)).toBe(15 * 60_000);
    expect(lockDurationMs(10_000, policy)).toBe(15 * 60_000);
  });
});
