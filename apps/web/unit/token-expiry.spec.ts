import { expiryBounds, expiryDayIn, expiryProblem } from '../src/lib/token-expiry';

describe('token expiry choices', () => {
  const now = new Date(2026, 11, 2, 10, 0);

  it('offers today up to 364 days ahead (the end of that day is within 365 days)', () => {
    expect(expiryBounds(now)).toEqual({ first: '2026-12-02', last: '2027-12-01' });
  });

  it('clamps the quick choices into the bounds', () => {
    expect(expiryDayIn(30, now)).toBe('2027-01-01');
    expect(expiryDayIn(365, now)).toBe('2027-12-01');
  });

  it('says why a day cannot be chosen', () => {
    expect(expiryProblem('2026-12-01', now)).toBe('Choose today or a later day.');
    expect(expiryProblem('2027-12-02', now)).toContain('at most 365 days');
    expect(expiryProblem('2027-01-01', now)).toBeUndefined();
    expect(expiryProblem('1/1/2027', now)).toBe('Enter a date as yyyy-mm-dd.');
  });
});
