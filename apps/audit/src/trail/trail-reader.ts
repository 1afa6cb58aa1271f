import type { AuditEntryDocument } from './audit-entry';
import type { AuditProjection } from './audit-projection';
import { countMatching, type Counts } from './bucket-counts';
import {
  BUCKET_MS,
  bucketsOf,
  dayOfKey,
  daySummaryId,
  laneDaySummaryId,
  monthOfKey,
  monthSummaryId,
  nextMonth,
  type Period,
  rootSummaryId,
  segmentId,
  segmentOfKey,
  type SegmentRef,
  spanOverlaps,
  spanWithin,
  startOfDay,
} from './trail-buckets';
import type { SummaryDocument } from './trail-documents';
import type { TrailFilter } from './trail-filter';
import { type Lane, laneOfKey } from './trail-lanes';

const DAY_MS = 86_400_000;
/** Day summaries read ahead while walking back through a month. */
const DAYS_AHEAD = 4;
/**
 * A bounded period up to this long is walked day by day, each day's summary named from the
 * date: no organisation or month summary is read (a month's is the largest, ~90 KB at a million
 * entries), at the cost of reading an empty day's summary for nothing.
 */
const DIRECT_DAYS = 7;
/**
 * Newest hours of a pinned lane read before its day summary: the seed's busiest case (one
 * administrator's sign-ins at a million entries over 180 days, ~10 an hour) fills a page of 50
 * from about five.
 */
const EARLY_HOURS = 6;

/** The segments of one hour that may hold entries a filter accepts, and how many at most. */
export interface HourSegments {
  start: Date;
  /** Each with its entry count as its lane's day summary gives it. */
  segments: (SegmentRef & { n: number })[];
  /** Entries the counts say match (an upper bound when the text or the period's edge cut further). */
  matching: number;
}

/** A summary's child that overlaps the period and holds matching entries. */
interface Child {
  key: string;
  start: Date;
  n: number;
  matching: number;
  /** Whether the period holds the child's span whole. */
  within: boolean;
}

/** A segment of a day, as its lane's day summary counts it. */
interface DaySegment {
  ref: SegmentRef & { n: number };
  matching: number;
  within: boolean;
}

/**
 * Reads one organisation's trail for one query through its summaries: which months, days, lanes
 * and hours hold matching entries (so empty or non-matching ones are never read), totals from
 * counts, and segments by id. A query naming an administrator goes straight to that
 * administrator's lanes. Summaries are read once per query.
 */
export class TrailReader {
  private readonly summaries = new Map<string, Promise<SummaryDocument | null>>();
  /** Segments read before their summaries (`readNewestHoursEarly`), by id; undefined if that read failed. */
  private readonly early = new Map<string, Promise<AuditEntryDocument[] | undefined>>();

  constructor(
    private readonly trail: AuditProjection,
    private readonly filter: TrailFilter,
  ) {}

  /** The hours of `period` that may hold matching entries, newest first. */
  async *hoursNewestFirst(period: Period): AsyncGenerator<HourSegments> {
    for await (const day of this.daysNewestFirst(period)) {
      const hours = new Map<number, HourSegments>();
      for (const { ref, matching } of await this.segmentsOfDay(day.start, period)) {
        const hour = hours.get(ref.start.getTime()) ?? {
          start: ref.start,
          segments: [],
          matching: 0,
        };
        hour.segments.push(ref);
        hour.matching += matching;
        hours.set(ref.start.getTime(), hour);
      }
      yield* [...hours.values()].sort((a, b) => b.start.getTime() - a.start.getTime());
    }
  }

  /** How many entries match, from counts: entries are read only in an hour the period cuts. */
  async total(): Promise<number> {
    const period = this.filter.period;
    const sum = async <T>(items: T[], count: (item: T) => Promise<number>) =>
      (await Promise.all(items.map(count))).reduce((a, b) => a + b, 0);
    const dayTotal = async (day: Date): Promise<number> => {
      const segments = await this.segmentsOfDay(day, period);
      const cut = segments.filter((segment) => !segment.within);
      let total = segments.reduce((n, segment) => n + (segment.within ? segment.matching : 0), 0);
      for (const entries of await this.entriesOf(cut.map((segment) => segment.ref)))
        total += entries.filter((entry) => this.filter.matches(entry)).length;
      return total;
    };
    const direct = directDays(period);
    if (direct)
      return sum(direct, async (day) =>
        spanWithin(day, new Date(day.getTime() + DAY_MS), period)
          ? this.dayMatching(day)
          : dayTotal(day),
      );
    const orgId = this.filter.orgId;
    const root = await this.summary(rootSummaryId(orgId));
    return sum(this.children(root, period, monthOfKey, nextMonth), async (month) => {
      if (month.within) return month.matching;
      return sum(await this.daysOfMonth(month.start, period), async (day) =>
        day.within ? day.matching : dayTotal(day.start),
      );
    });
  }

  /**
   * The entries of each segment (none if it is gone), in the order asked: those the cache holds at the same count
   * from it, the others in one `_id: {$in}` read (one round trip, however many segments).
   */
  async entriesOf(refs: readonly (SegmentRef & { n: number })[]): Promise<AuditEntryDocument[][]> {
    const ids = refs.map((ref) => segmentId(this.filter.orgId, ref, ref.start, ref.segment));
    const held = ids.map((id, index) => this.trail.segmentCache.get(id, refs[index].n));
    const early = await Promise.all(
      ids.map((id, index) => (held[index] ? undefined : this.early.get(id))),
    );
    ids.forEach((id, index) => {
      // Read before the summary was: taken only if it holds all the summary counts.
      const entries = early[index];
      if (!held[index] && entries && entries.length >= refs[index].n) {
        held[index] = entries;
        this.trail.segmentCache.set(id, entries);
      }
    });
    const missing = [...new Set(ids.filter((_, index) => !held[index]))];
    if (missing.length === 0) return held as AuditEntryDocument[][];
    const read = new Map<string, AuditEntryDocument[]>();
    for (const segment of await this.trail.segments.find({ _id: { $in: missing } }).toArray())
      read.set(segment._id, Object.values(segment.entries));
    for (const id of missing) this.trail.segmentCache.set(id, read.get(id) ?? []);
    return ids.map((id, index) => held[index] ?? read.get(id) ?? []);
  }

  /**
   * With an administrator named (lanes pinned) and a bounded period, starts reading the first
   * segment of each pinned lane's newest hours now, beside the lanes' day summaries, instead of
   * after them: a page of one administrator's actions (the seed's query) then costs one round
   * trip, not two. The segments read are used only if the summaries name them, and only if they
   * hold what the summaries count; an hour that is empty costs a missing `_id` in the same read.
   */
  readNewestHoursEarly(period: Period): void {
    const lanes = this.filter.pinnedLanes;
    if (!lanes || !period.from || !period.to) return;
    const hours = bucketsOf({
      // Only the newest hours: a long period is not walked to list them.
      from: new Date(
        Math.max(period.from.getTime(), period.to.getTime() - EARLY_HOURS * BUCKET_MS),
      ),
      to: period.to,
    }).slice(0, EARLY_HOURS);
    const ids = lanes.flatMap((lane) =>
      hours.map((start) => segmentId(this.filter.orgId, lane, start, 0)),
    );
    if (ids.length === 0) return;
    const reading = this.trail.segments
      .find({ _id: { $in: ids } })
      .toArray()
      .then(
        (segments) =>
          new Map(segments.map((segment) => [segment._id, Object.values(segment.entries)])),
      );
    // A failed early read only means the segments are read again when wanted.
    for (const id of ids)
      this.early.set(
        id,
        reading.then(
          (found) => found.get(id) ?? [],
          () => undefined,
        ),
      );
  }

  /** The days of `period` that may hold matching entries, newest first, their summaries read ahead. */
  private async *daysNewestFirst(period: Period): AsyncGenerator<{ start: Date }> {
    const direct = directDays(period);
    if (direct) {
      for (let index = 0; index < direct.length; index++) {
        if (index > 0) this.readAhead(direct.slice(index + 1, index + 1 + DAYS_AHEAD));
        yield { start: direct[index] };
      }
      return;
    }
    const root = await this.summary(rootSummaryId(this.filter.orgId));
    for (const { start: month } of this.children(root, period, monthOfKey, nextMonth)) {
      const days = await this.daysOfMonth(month, period);
      for (let index = 0; index < days.length; index++) {
        // Past the first day, the walk is going far: read the next days' summaries meanwhile.
        if (index > 0)
          this.readAhead(days.slice(index + 1, index + 1 + DAYS_AHEAD).map((day) => day.start));
        yield days[index];
      }
    }
  }

  private async daysOfMonth(month: Date, period: Period): Promise<Child[]> {
    return this.children(
      await this.summary(monthSummaryId(this.filter.orgId, month)),
      period,
      (key) => dayOfKey(month, key),
      (day) => new Date(day.getTime() + DAY_MS),
    );
  }

  /** Every segment of the day that overlaps the period and holds matching entries. */
  private async segmentsOfDay(day: Date, period: Period): Promise<DaySegment[]> {
    const lanes = await this.lanesOfDay(day);
    const summaries = await this.laneDays(
      lanes.map(({ n, ...lane }) => ({ id: laneDaySummaryId(this.filter.orgId, day, lane), n })),
    );
    return lanes.flatMap(({ n: _n, ...lane }, index) =>
      this.children(
        summaries[index],
        period,
        (key) => segmentOfKey(day, lane, key).start,
        (start) => new Date(start.getTime() + BUCKET_MS),
      ).map(({ key, n, matching, within }) => ({
        ref: { ...segmentOfKey(day, lane, key), n },
        matching,
        within,
      })),
    );
  }

  /** Entries of the day that match, from counts alone (the day lies within the period). */
  private async dayMatching(day: Date): Promise<number> {
    const pinned = this.filter.pinnedLanes;
    if (!pinned) {
      const summary = await this.summary(daySummaryId(this.filter.orgId, day));
      return Object.values(summary?.children ?? {}).reduce(
        (total, counts: Counts) => total + countMatching(counts, this.filter.countedMatches),
        0,
      );
    }
    const counts = await Promise.all(
      pinned.map(async (lane) => {
        const summary = await this.summary(laneDaySummaryId(this.filter.orgId, day, lane));
        return Object.values(summary?.children ?? {}).reduce(
          (total, child: Counts) => total + countMatching(child, this.filter.countedMatches),
          0,
        );
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * The lanes of a day that may hold matching entries: the pinned ones, or those its summary
   * lists, with the entries it counts in each.
   */
  private async lanesOfDay(day: Date): Promise<(Lane & { n?: number })[]> {
    if (this.filter.pinnedLanes) return [...this.filter.pinnedLanes];
    const summary = await this.summary(daySummaryId(this.filter.orgId, day));
    return Object.entries(summary?.children ?? {}).flatMap(([key, counts]: [string, Counts]) => {
      const lane = laneOfKey(key);
      return this.filter.trails.includes(lane.trail) &&
        countMatching(counts, this.filter.countedMatches) > 0
        ? [{ ...lane, n: counts.n }]
        : [];
    });
  }

  /**
   * Lanes' day summaries, in the order asked: from the cache when the day's summary counts as
   * many entries in the lane, the others in one read.
   */
  private async laneDays(
    lanes: readonly { id: string; n: number | undefined }[],
  ): Promise<(SummaryDocument | null)[]> {
    const cached = lanes.map(({ id, n }) =>
      n === undefined ? undefined : this.trail.laneDayCache.get(id, n),
    );
    const read = await this.summariesOf(
      lanes.flatMap(({ id }, index) => (cached[index] ? [] : [id])),
    );
    return lanes.map(({ id }, index) => {
      const hit = cached[index];
      if (hit) return hit;
      const summary = read.get(id) ?? null;
      if (summary) this.trail.laneDayCache.set(id, summary);
      return summary;
    });
  }

  /** Starts reading what these days' walk reads first: their day summaries, or their pinned lanes'. */
  private readAhead(days: Date[]): void {
    for (const day of days) {
      const ids = this.filter.pinnedLanes
        ? this.filter.pinnedLanes.map((lane) => laneDaySummaryId(this.filter.orgId, day, lane))
        : [daySummaryId(this.filter.orgId, day)];
      for (const id of ids) void this.summary(id).catch(() => undefined);
    }
  }

  private summary(id: string): Promise<SummaryDocument | null> {
    let read = this.summaries.get(id);
    if (!read) {
      read = this.trail.summaries.get(id);
      this.summaries.set(id, read);
    }
    return read;
  }

  /** Summaries by id, each read once per query: those not read or being read yet, in one `_id: {$in}` read. */
  private async summariesOf(ids: readonly string[]): Promise<Map<string, SummaryDocument | null>> {
    const missing = [...new Set(ids.filter((id) => !this.summaries.has(id)))];
    if (missing.length > 0) {
      const reading = this.trail.summaries.getMany(missing);
      for (const id of missing)
        this.summaries.set(
          id,
          reading.then((found) => found.get(id) ?? null),
        );
    }
    const found = await Promise.all(ids.map(async (id) => [id, await this.summary(id)] as const));
    return new Map(found);
  }

  /**
   * A summary's children that overlap the period and hold matching entries, newest first, each
   * with its span's start, the matching count and whether the period holds the span whole.
   */
  private children(
    summary: SummaryDocument | null,
    period: Period,
    startOf: (key: string) => Date,
    endOf: (start: Date) => Date,
  ): Child[] {
    const children = Object.entries(summary?.children ?? {}).flatMap(
      ([key, counts]: [string, Counts]) => {
        const start = startOf(key);
        const end = endOf(start);
        if (!spanOverlaps(start, end, period)) return [];
        const matching = countMatching(counts, this.filter.countedMatches);
        return matching > 0
          ? [{ key, start, n: counts.n, matching, within: spanWithin(start, end, period) }]
          : [];
      },
    );
    return children.sort((a, b) => b.start.getTime() - a.start.getTime());
  }
}

/** The days of a short bounded period, newest first; undefined for a long or open one. */
function directDays(period: Period): Date[] | undefined {
  if (!period.from || !period.to) return undefined;
  if (period.to.getTime() - period.from.getTime() > DIRECT_DAYS * DAY_MS) return undefined;
  const days: Date[] = [];
  const first = startOfDay(period.from).getTime();
  for (let at = startOfDay(new Date(period.to.getTime() - 1)).getTime(); at >= first; at -= DAY_MS)
    days.push(new Date(at));
  return days;
}
