import type { AuditTrail } from '@coffer/contracts';

import { type Lane, laneKey } from './trail-lanes';

/**
 * Where the audit trail keeps its entries, MongoDB's bucket pattern for time series: one
 * document per organisation, lane (trail and acting administrator, `trail-lanes.ts`) and hour
 * ("bucket"), split into numbered segments so that no document grows without bound. Every id
 * here is computed from what a query knows (organisation, trail, administrator, time), so every
 * read and write is by `_id`: served by the primary key on every engine.
 *
 * One hour: the seed's busiest case (a million entries over 180 days, ~230 an hour, ~17 in an
 * administrator's lane) fills a small segment per lane and hour, so the seed's one-day query
 * reads one lane's day summary and the few small segments of the newest hours that fill its
 * first page.
 */
export const BUCKET_MS = 3_600_000;

/**
 * A segment takes at most this many entries or bytes (of JSON, close to BSON), whichever comes
 * first. Adding an entry rewrites its segment whole (on mongo-java-server a deep copy, a BSON
 * encoding and a page write per update): in a busy lane (the sign-in bench's, 800 an hour) a cap
 * of 400 entries cost the database 7–11 ms of CPU per sign-in, 100 costs 5. A first page of
 * 100 entries still reads one or two segments.
 */
export const MAX_SEGMENT_ENTRIES = 100;
export const MAX_SEGMENT_BYTES = 96 * 1024;

/** How many of the next entries (their sizes in order) a segment holding `used` still takes; an empty one takes at least one. */
export function entriesFitting(
  sizes: readonly number[],
  used: { n: number; bytes: number },
): number {
  let { n, bytes } = used;
  let taken = 0;
  for (const size of sizes) {
    if (n > 0 && (n + 1 > MAX_SEGMENT_ENTRIES || bytes + size > MAX_SEGMENT_BYTES)) break;
    taken += 1;
    n += 1;
    bytes += size;
  }
  return taken;
}

/** An event id as a field name of a segment's entries: no `.`, no leading `$`. */
export function entryKey(eventId: string): string {
  return encodeURIComponent(eventId).replace(/\./g, '%2E');
}

export const TRAILS: readonly AuditTrail[] = ['admin', 'user', 'system'];

const DAY_MS = 86_400_000;

/** The start of the bucket (hour, UTC) an instant falls in. */
export function bucketStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
}

/** `<orgId>:<lane key>:<bucket start ISO>#<segment>`; segment 0 first, overflow segments 1, 2, … */
export function segmentId(orgId: string, lane: Lane, start: Date, segment: number): string {
  return `${orgId}:${laneKey(lane)}:${start.toISOString()}#${segment}`;
}

/** The organisation's summary: per month, its counts (and so which months hold entries). */
export function rootSummaryId(orgId: string): string {
  return orgId;
}

/** A month's summary, per day of it: `<orgId>:2026-05`. */
export function monthSummaryId(orgId: string, month: Date): string {
  return `${orgId}:${month.toISOString().slice(0, 7)}`;
}

/** A day's summary, per lane (by `laneKey`): `<orgId>:2026-05-01`. */
export function daySummaryId(orgId: string, day: Date): string {
  return `${orgId}:${day.toISOString().slice(0, 10)}`;
}

/** A lane's day, per hour and segment: `<orgId>:2026-05-01:<lane key>`. */
export function laneDaySummaryId(orgId: string, day: Date, lane: Lane): string {
  return `${daySummaryId(orgId, day)}:${laneKey(lane)}`;
}

export function startOfDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

export function startOfMonth(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function nextMonth(month: Date): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
}

/** Key of a month in the organisation's summary: `m2026-05`. */
export function monthKey(month: Date): string {
  return `m${month.toISOString().slice(0, 7)}`;
}

export function monthOfKey(key: string): Date {
  return new Date(`${key.slice(1)}-01T00:00:00.000Z`);
}

/** Key of a day in its month's summary: `d07`. */
export function dayKey(day: Date): string {
  return `d${day.toISOString().slice(8, 10)}`;
}

export function dayOfKey(month: Date, key: string): Date {
  return new Date(month.getTime() + (Number(key.slice(1)) - 1) * DAY_MS);
}

/** A segment, as its lane's day summary names it. */
export interface SegmentRef extends Lane {
  start: Date;
  segment: number;
}

/** Key of a segment in its lane's day summary: `h07-s0` (no dots, no leading digit: a plain field name). */
export function segmentKey(ref: Pick<SegmentRef, 'start' | 'segment'>): string {
  return `h${ref.start.toISOString().slice(11, 13)}-s${ref.segment}`;
}

export function segmentOfKey(day: Date, lane: Lane, key: string): SegmentRef {
  const match = /^h(\d\d)-s(\d+)$/.exec(key);
  if (!match) throw new Error(`not a segment key: ${key}`);
  return {
    ...lane,
    start: new Date(day.getTime() + Number(match[1]) * BUCKET_MS),
    segment: Number(match[2]),
  };
}

/** A period, from inclusive to exclusive; an open end is unbounded. */
export interface Period {
  from?: Date;
  to?: Date;
}

/** Whether [start, start + length) lies wholly inside the period. */
export function spanWithin(start: Date, end: Date, period: Period): boolean {
  return (
    (!period.from || start.getTime() >= period.from.getTime()) &&
    (!period.to || end.getTime() <= period.to.getTime())
  );
}

/** Whether [start, end) and the period share any instant. */
export function spanOverlaps(start: Date, end: Date, period: Period): boolean {
  return (
    (!period.from || end.getTime() > period.from.getTime()) &&
    (!period.to || start.getTime() < period.to.getTime())
  );
}

/** The buckets (hour starts) a bounded period touches, newest first. */
export function bucketsOf(period: Required<Period>): Date[] {
  const starts: Date[] = [];
  if (period.to.getTime() <= period.from.getTime()) return starts;
  const first = bucketStart(period.from).getTime();
  for (let at = bucketStart(new Date(period.to.getTime() - 1)).getTime(); at >= first;) {
    starts.push(new Date(at));
    at -= BUCKET_MS;
  }
  return starts;
}
