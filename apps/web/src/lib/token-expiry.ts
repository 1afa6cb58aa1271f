import { localDayOf } from './local-days';

/**
 * The expiry dates the tokens service accepts: after now, and at most `maxDays` ahead (its
 * COFFER_TOKEN_MAX_DAYS, which `GET /api/console/api-tokens/limits` tells). A token chosen for a
 * day lasts to the end of that local day, so the last day offered is one whose end is still
 * within the limit.
 */
export const DEFAULT_TOKEN_MAX_DAYS = 365;

const EXPIRY_CHOICES = [30, 90, 180, 365] as const;

/** The quick choices that fit the limit, and the limit itself when it is not one of them. */
export function expiryChoices(maxDays: number): number[] {
  const fitting: number[] = EXPIRY_CHOICES.filter((days) => days <= maxDays);
  return fitting.includes(maxDays) ? fitting : [...fitting, maxDays];
}

export function expiryBounds(now: Date, maxDays: number): { first: string; last: string } {
  const first = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const last = new Date(now.getFullYear(), now.getMonth(), now.getDate() + maxDays - 1);
  return { first: localDayOf(first), last: localDayOf(last) };
}

/** The day `days` from today, clamped into the accepted bounds. */
export function expiryDayIn(days: number, now: Date, maxDays: number): string {
  const bounds = expiryBounds(now, maxDays);
  const day = localDayOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days));
  return day > bounds.last ? bounds.last : day;
}

/** Why `day` cannot be chosen, or undefined when it can. */
export function expiryProblem(day: string, now: Date, maxDays: number): string | undefined {
  const bounds = expiryBounds(now, maxDays);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return 'Enter a date as yyyy-mm-dd.';
  if (day < bounds.first) return 'Choose today or a later day.';
  if (day > bounds.last)
    return `A token can live at most ${maxDays} days; choose ${bounds.last} or earlier.`;
  return undefined;
}

/**
 * A token's expiry as the console shows it: a token chosen for a day ends at the next local
 * midnight, shown as the end of the chosen day ("end of Mar 4, 2027", not "Mar 5, 12:00 AM");
 * another instant (a token made through the API) as it is.
 */
export function describeExpiry(expiresAt: string): string {
  const end = new Date(expiresAt);
  const atMidnight =
    end.getHours() === 0 &&
    end.getMinutes() === 0 &&
    end.getSeconds() === 0 &&
    end.getMilliseconds() === 0;
  if (!atMidnight)
    return end.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const lastDay = new Date(end.getFullYear(), end.getMonth(), end.getDate() - 1);
  return `end of ${lastDay.toLocaleDateString(undefined, { dateStyle: 'medium' })}`;
}
