/**
 * Calendar days as the administrator's browser sees them, turned into the UTC instants the API
 * filters on: a day runs from its local midnight (inclusive) to the next local midnight
 * (exclusive), so a day of 23 or 25 hours around a clock change is still whole.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `yyyy-mm-dd` of a local date. */
export function localDayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local midnight that starts `day` (`yyyy-mm-dd`), or undefined for a malformed day. */
export function startOfLocalDay(day: string): Date | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = new Date(year, month, date);
  // new Date(2026, 1, 31) rolls over to March: a day that does not exist is refused.
  if (start.getFullYear() !== year || start.getMonth() !== month || start.getDate() !== date)
    return undefined;
  return start;
}

/** The instant after `day` ends: the next local midnight. */
export function endOfLocalDay(day: string): Date | undefined {
  const start = startOfLocalDay(day);
  return start && new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
}

/** `from` and `to` (both days included) as the API's `from` (inclusive) and `to` (exclusive). */
export function localDayRangeToInstants(
  fromDay: string | undefined,
  toDay: string | undefined,
): { from?: string; to?: string } {
  return {
    from: fromDay ? startOfLocalDay(fromDay)?.toISOString() : undefined,
    to: toDay ? endOfLocalDay(toDay)?.toISOString() : undefined,
  };
}

export type QuickRange = 'today' | 'last-7-days' | 'last-30-days';

export const QUICK_RANGES: { range: QuickRange; label: string }[] = [
  { range: 'today', label: 'Today' },
  { range: 'last-7-days', label: 'Last 7 days' },
  { range: 'last-30-days', label: 'Last 30 days' },
];

/** The days of a quick range ending today (today included). */
export function quickRangeDays(range: QuickRange, now: Date): { from: string; to: string } {
  const back = { today: 0, 'last-7-days': 6, 'last-30-days': 29 }[range];
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - back);
  return { from: localDayOf(from), to: localDayOf(now) };
}

/** The browser's time zone as people read it: "Asia/Tokyo (UTC+09:00)". */
export function describeTimeZone(now: Date, timeZone?: string): string {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const minutes = -now.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const offset = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${zone} (UTC${sign}${offset})`;
}
