import {
  describeExpiry,
  expiryBounds,
  expiryChoices,
  expiryDayIn,
  expiryProblem,
} from '../src/lib/token-expiry';

describe('token expiry choices', () => {
  const now = new Date(2026, 11, 2, 10, 0);

  it('offers today up to 364 days ahead (the end of that day is within 365 days)', () => {
    expect(expiryBounds(now, 365)).toEqual({ first: '2026-12-02', last: '2027-12-01' });
  });

  it('clamps the quick choices into the bounds', () => {
    expect(expiryDayIn(30, now, 365)).toBe('2027-01-01');
    expect(expiryDayIn(365, now, 365)).toBe('2027-12-01');
  });

  it('says why a day cannot be chosen', () => {
    expect(expiryProblem('2026-12-01', now, 365)).toBe('Choose today or a later day.');
    expect(expiryProblem('2027-12-02', now, 365)).toContain('at most 365 days');
    expect(expiryProblem('2027-01-01', now, 365)).toBeUndefined();
    expect(expiryProblem('1/1/2027', now, 365)).toBe('Enter a date as yyyy-mm-dd.');
  });

  it('follows a deployment with a shorter limit: choices, bounds and the refusal', () => {
    expect(expiryChoices(365)).toEqual([30, 90, 180, 365]);
    expect(expiryChoices(60)).toEqual([30, 60]);
    expect(expiryBounds(now, 60).last).toBe('2027-01-30');
    expect(expiryProblem('2027-02-01', now, 60)).toContain('at most 60 days');
    expect(expiryProblem('2027-01-30', now, 60)).toBeUndefined();
  });

  it('shows a token that ends at a local midnight as the end of the day chosen', () => {
    const chosen = new Date(2027, 2, 4);
    const endOfChosen = new Date(2027, 2, 5).toISOString();
    expect(describeExpiry(endOfChosen)).toBe(
      `end of ${chosen.toLocaleDateString(undefined, { dateStyle: 'medium' })}`,
    );
    const midMorning = new Date(2027, 2, 5, 9, 30);
    expect(describeExpiry(midMorning.toISOString())).toBe(
      midMorning.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    );
  });
});
