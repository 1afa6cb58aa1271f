import type {
  AuditEntryRequest,
  AuditEntryView,
  AuditTrailPage,
  AuditTrailQuery,
} from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import type { AuditEntryDocument } from './audit-entry';
import type { AuditProjection } from './audit-projection';
import { hiddenActivityTypes } from './audit-visibility';
import { findEntry } from './entry-locator';
import { TrailFilter } from './trail-filter';
import { type HourSegments, TrailReader } from './trail-reader';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
/** Hours read at once while their counts promise fewer entries than the page still needs. */
const MAX_HOURS_AT_ONCE = 24;

/**
 * Newest first, always within one organisation and what the reader may see, paged by an opaque
 * cursor. The page walks back through the hours of the period that hold matching entries,
 * reading their segments and stopping once the page is full; the total comes from the counts
 * of months, days and hours (free text has no counts: then the period is read through).
 */
export async function queryAuditTrail(
  trail: AuditProjection,
  query: AuditTrailQuery,
): Promise<AuditTrailPage> {
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const filter = new TrailFilter(query);
  const reader = new TrailReader(trail, filter);
  const [page, total] = await Promise.all([
    firstEntries(reader, filter, limit + 1, after),
    // Counted for the first page and carried in the cursor, so pages agree on it.
    after ? after.total : filter.text ? textMatches(reader, filter) : reader.total(),
  ]);
  const hasMore = page.length > limit;
  const shown = page.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    entries: await withActorNames(trail, shown.map(toView)),
    total,
    nextCursor: hasMore && last ? encodeCursor(last.occurredAt, last._id, total) : null,
  };
}

/** One entry with all its details (the download link of an export), or not-found. */
export async function getAuditEntry(
  trail: AuditProjection,
  request: AuditEntryRequest,
): Promise<AuditEntryView> {
  const entry = await findEntry(trail, request.orgId, request.entryId);
  if (
    !entry ||
    entry.orgId !== request.orgId ||
    hiddenActivityTypes(request.viewerRole).includes(entry.activityType)
  ) {
    throw new ServiceError('audit-entry-not-found');
  }
  const [view] = await withActorNames(trail, [toView(entry)]);
  return view;
}

/** Names the actors an entry was written without (their created event was projected after it). */
async function withActorNames(
  trail: AuditProjection,
  views: AuditEntryView[],
): Promise<AuditEntryView[]> {
  const unnamed = new Set(
    views.flatMap((view) => (view.actor.id && !view.actor.name ? [view.actor.id] : [])),
  );
  if (unnamed.size === 0) return views;
  const people = await trail.peopleByIds([...unnamed]);
  return views.map((view) => {
    const person = view.actor.id && !view.actor.name ? people.get(view.actor.id) : undefined;
    return person?.name ? { ...view, actor: { ...view.actor, name: person.name } } : view;
  });
}

/** The first `wanted` matching entries after the cursor, newest first. */
async function firstEntries(
  reader: TrailReader,
  filter: TrailFilter,
  wanted: number,
  after?: Cursor,
): Promise<AuditEntryDocument[]> {
  const found: AuditEntryDocument[] = [];
  const period = after
    ? {
        ...filter.period,
        to: new Date(
          Math.min(after.occurredAt.getTime() + 1, filter.period.to?.getTime() ?? Infinity),
        ),
      }
    : filter.period;
  reader.readNewestHoursEarly(period);
  const accepts = (entry: AuditEntryDocument) =>
    filter.matches(entry) && (!after || isBefore(entry, after));
  let wave: HourSegments[] = [];
  let promised = 0;
  const readWave = async () => {
    // Every segment of the wave in one read; then hour by hour, newest first.
    const held = await reader.entriesOf(wave.flatMap((hour) => hour.segments));
    let next = 0;
    for (const hour of wave) {
      const entries = held.slice(next, next + hour.segments.length).flat();
      next += hour.segments.length;
      found.push(...entries.filter(accepts).sort(newestFirst));
    }
    wave = [];
    promised = 0;
  };
  for await (const hour of reader.hoursNewestFirst(period)) {
    wave.push(hour);
    promised += hour.matching;
    if (found.length + promised >= wanted || wave.length >= MAX_HOURS_AT_ONCE) {
      await readWave();
      if (found.length >= wanted) return found.slice(0, wanted);
    }
  }
  await readWave();
  return found.slice(0, wanted);
}

/** Free text: every segment of the period that the other filters leave is read and matched. */
async function textMatches(reader: TrailReader, filter: TrailFilter): Promise<number> {
  let total = 0;
  let wave: HourSegments[] = [];
  const readWave = async () => {
    const held = await reader.entriesOf(wave.flatMap((hour) => hour.segments));
    for (const entries of held) total += entries.filter((entry) => filter.matches(entry)).length;
    wave = [];
  };
  for await (const hour of reader.hoursNewestFirst(filter.period)) {
    wave.push(hour);
    if (wave.length >= MAX_HOURS_AT_ONCE) await readWave();
  }
  await readWave();
  return total;
}

function newestFirst(a: AuditEntryDocument, b: AuditEntryDocument): number {
  return (
    b.occurredAt.getTime() - a.occurredAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0)
  );
}

function isBefore(entry: AuditEntryDocument, cursor: Cursor): boolean {
  const at = entry.occurredAt.getTime();
  const cursorAt = cursor.occurredAt.getTime();
  return at < cursorAt || (at === cursorAt && entry._id < cursor.id);
}

function toView(entry: AuditEntryDocument): AuditEntryView {
  const { type, id, email, name, ip, userAgent } = entry.actor;
  return {
    id: entry._id,
    orgId: entry.orgId,
    occurredAt: entry.occurredAt.toISOString(),
    trail: entry.trail,
    activityType: entry.activityType,
    action: entry.action,
    actor: {
      type,
      ...(id ? { id } : {}),
      ...(email ? { email } : {}),
      ...(name ? { name } : {}),
      ...(ip ? { ip } : {}),
      ...(userAgent ? { userAgent } : {}),
    },
    ...(entry.target ? { target: entry.target } : {}),
    description: entry.description,
    details: entry.details,
  };
}

/** Where the previous page ended, and the listing's total. */
interface Cursor {
  occurredAt: Date;
  id: string;
  total: number;
}

function encodeCursor(occurredAt: Date, id: string, total: number): string {
  return Buffer.from(JSON.stringify([occurredAt.toISOString(), id, total])).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [occurredAt, id, total] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as [string, string, number];
    const date = new Date(occurredAt);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string' || !Number.isInteger(total))
      throw new Error('bad cursor');
    return { occurredAt: date, id, total };
  } catch {
    throw new ServiceError('invalid-cursor');
  }
}
