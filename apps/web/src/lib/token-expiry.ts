import { localDayOf } from './local-days';

/**
 * The expiry dates the tokens service accepts: after now, and at most COFFER_TOKEN_MAX_DAYS
 * (365 by default) ahead. A token chosen for a day lasts to the end of that local day, so the
 * last day offered is one whose end is still within the limit.
 */
export const TOKEN_MAX_DAYS = 365;

export const EXPIRY_CHOICES = [30, 90, 180, 365] as const;

export function expiryBounds(now: Date): { first: string; last: string } {
  const first = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const last = new Date(now.getFullYear(), now.getMonth(), now.getDate() + TOKEN_MAX_DAYS - 1);
  return { first: localDayOf(first), last: localDayOf(last) };
}

/** The day `days` from today, clamped into the accepted bounds. */
export function expiryDayIn(days: number, now: Date): string {
  const bounds = expiryBounds(now);
  const day = localDayOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days));
  return day > bounds.last ? bounds.last : day;
}

/** Why `day` cannot be chosen, or undefined when it can. */
export function expiryProblem(day: string, now: Date): string | undefined {
  const bounds = expiryBounds(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return 'Enter a date as yyyy-mm-dd.';
  if (day < bounds.first) return 'Choose today or a later day.';
  if (day > bounds.last)
    return `A token can live at most ${TOKEN_MAX_DAYS} days; choose ${bounds.last} or earlier.`;
  return undefined;
}
