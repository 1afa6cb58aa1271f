import type { AuditTrail } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';

/**
 * How many entries a segment, day, month or organisation holds, by trail, activity type and
 * administrator together (`c`, keyed by `countKey`), so that the total of any combination of
 * the three filters is a sum of counts, without reading an entry. `n` is the number of entries
 * in all; it only grows, so it also orders two states of the same counts.
 */
export interface Counts {
  n: number;
  c: Record<string, number>;
}

export interface CountKey {
  trail: AuditTrail;
  activityType: string;
  /** Only for an administrator's own actions (session, password or API token), as the filter means it. */
  administratorId?: string;
}

const ADMINISTRATOR_ACTORS = new Set(['administrator', 'api-token']);

/** The administrator an entry counts for, when its actor is one. */
export function administratorOf(entry: AuditEntryDocument): string | undefined {
  return ADMINISTRATOR_ACTORS.has(entry.actor.type) ? entry.actor.id : undefined;
}

/**
 * `<trail>|<activity type>|<administrator id or nothing>`, each part escaped so that the key is
 * a plain field name whatever an id holds: no `.`, no `$`, no `|` inside a part.
 */
export function countKey(key: CountKey): string {
  return [key.trail, key.activityType, key.administratorId ?? ''].map(escapePart).join('|');
}

export function parseCountKey(key: string): CountKey {
  const [trail, activityType, administratorId] = key.split('|').map(decodeURIComponent);
  return {
    trail: trail as AuditTrail,
    activityType,
    ...(administratorId ? { administratorId } : {}),
  };
}

export function entryCountKey(entry: AuditEntryDocument): string {
  return countKey({
    trail: entry.trail,
    activityType: entry.activityType,
    administratorId: administratorOf(entry),
  });
}

export function countsOf(entries: readonly AuditEntryDocument[]): Counts {
  const counts: Counts = { n: 0, c: {} };
  for (const entry of entries) {
    const key = entryCountKey(entry);
    counts.c[key] = (counts.c[key] ?? 0) + 1;
    counts.n += 1;
  }
  return counts;
}

export function sumCounts(parts: Iterable<Counts>): Counts {
  const sum: Counts = { n: 0, c: {} };
  for (const part of parts) {
    sum.n += part.n;
    for (const [key, value] of Object.entries(part.c)) sum.c[key] = (sum.c[key] ?? 0) + value;
  }
  return sum;
}

/** How many of the counted entries `matches` accepts (memoised per key by the caller's predicate). */
export function countMatching(counts: Counts, matches: (key: string) => boolean): number {
  let total = 0;
  for (const [key, value] of Object.entries(counts.c)) if (matches(key)) total += value;
  return total;
}

function escapePart(part: string): string {
  return encodeURIComponent(part).replace(/\./g, '%2E');
}
