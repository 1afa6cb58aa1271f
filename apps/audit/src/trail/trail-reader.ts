import type { AuditEntryDocument } from './audit-entry';
import type { AuditProjection } from './audit-projection';
import { countMatching, type Counts } from './bucket-counts';
import {
  BUCKET_MS,
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
    const dayTotal = async (day: Date): Promise<number> =>
      sum(await this.segmentsOfDay(day, period), async (segment) =>
        segment.within
          ? segment.matching
          : (await this.entries(segment.ref)).filter((entry) => this.filter.matches(entry)).length,
      );
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

  /** The entries of a segment (none if it is gone), from the cache when its count is the same. */
  async entries(ref: SegmentRef & { n: number }): Promise<AuditEntryDocument[]> {
    const id = segmentId(this.filter.orgId, ref, ref.start, ref.segment);
    const cached = this.trail.segmentCache.get(id, ref.n);
    if (cached) return cached;
    const segment = await this.trail.segments.findOne({ _id: id });
    const entries = Object.values(segment?.entries ?? {});
    this.trail.segmentCache.set(id, entries);
    return entries;
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
    const perLane = await Promise.all(
      lanes.map(async ({ n, ...lane }) =>
        this.children(
          await this.laneDay(laneDaySummaryId(this.filter.orgId, day, lane), n),
          period,
          (key) => segmentOfKey(day, lane, key).start,
          (start) => new Date(start.getTime() + BUCKET_MS),
        ).map(({ key, n, matching, within }) => ({
          ref: { ...segmentOfKey(day, lane, key), n },
          matching,
          within,
        })),
      ),
    );
    return perLane.flat();
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

  /** A lane's day summary; from the cache when the day's summary counts as many entries in it. */
  private async laneDay(id: string, n: number | undefined): Promise<SummaryDocument | null> {
    const cached = n === undefined ? undefined : this.trail.laneDayCache.get(id, n);
    if (cached) return cached;
    const summary = await this.summary(id);
    if (summary) this.trail.laneDayCache.set(id, summary);
    return summary;
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
