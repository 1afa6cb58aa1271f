import type { AuditEntryDocument } from './audit-entry';
import type { AuditProjection } from './audit-projection';
import { countMatching, type Counts } from './bucket-counts';
import {
  BUCKET_MS,
  dayOfKey,
  daySummaryId,
  monthOfKey,
  monthSummaryId,
  nextMonth,
  rootSummaryId,
  segmentId,
  segmentOfKey,
  spanOverlaps,
  spanWithin,
  type Period,
  type SegmentRef,
} from './trail-buckets';
import type { SummaryDocument } from './trail-documents';
import type { TrailFilter } from './trail-filter';

const DAY_MS = 86_400_000;
/** Day summaries read ahead while walking back through a month. */
const DAYS_AHEAD = 4;

/** The segments of one hour that may hold entries a filter accepts, and how many at most. */
export interface HourSegments {
  start: Date;
  /** Each with its entry count as its day's summary gives it. */
  segments: (SegmentRef & { n: number })[];
  /** Entries the counts say match (an upper bound when the text or the period's edge cut further). */
  matching: number;
}

/**
 * Reads one organisation's trail for one query through its summaries: which months, days and
 * hours hold matching entries (so empty or non-matching ones are never read), totals from counts,
 * and segments by id. Summaries are read once per query.
 */
export class TrailReader {
  private readonly summaries = new Map<string, Promise<SummaryDocument | null>>();

  constructor(
    private readonly trail: AuditProjection,
    private readonly filter: TrailFilter,
  ) {}

  /** The hours of `period` that may hold matching entries, newest first. */
  async *hoursNewestFirst(period: Period): AsyncGenerator<HourSegments> {
    const orgId = this.filter.orgId;
    const root = await this.summary(rootSummaryId(orgId));
    const months = this.children(root, period, monthOfKey, nextMonth);
    for (const { start: month } of months) {
      const summary = await this.summary(monthSummaryId(orgId, month));
      const days = this.children(
        summary,
        period,
        (key) => dayOfKey(month, key),
        (day) => new Date(day.getTime() + DAY_MS),
      );
      for (let index = 0; index < days.length; index++) {
        // Past the first day, the walk is going far: read the next days' summaries meanwhile.
        if (index > 0)
          for (const ahead of days.slice(index + 1, index + 1 + DAYS_AHEAD))
            void this.summary(daySummaryId(orgId, ahead.start)).catch(() => undefined);
        const day = days[index].start;
        const segments = this.children(
          await this.summary(daySummaryId(orgId, day)),
          period,
          (key) => segmentOfKey(day, key).start,
          (start) => new Date(start.getTime() + BUCKET_MS),
        ).flatMap(({ key, matching, n }) => {
          const ref = { ...segmentOfKey(day, key), n };
          return this.filter.trails.includes(ref.trail) ? [{ ref, matching }] : [];
        });
        const hours = new Map<number, HourSegments>();
        for (const { ref, matching } of segments) {
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
  }

  /** How many entries match, from counts: entries are read only in an hour the period cuts. */
  async total(): Promise<number> {
    const orgId = this.filter.orgId;
    const period = this.filter.period;
    const sum = async <T>(items: T[], count: (item: T) => Promise<number>) =>
      (await Promise.all(items.map(count))).reduce((a, b) => a + b, 0);
    const root = await this.summary(rootSummaryId(orgId));
    return sum(this.children(root, period, monthOfKey, nextMonth), async (month) => {
      if (month.within) return month.matching;
      const days = this.children(
        await this.summary(monthSummaryId(orgId, month.start)),
        period,
        (key) => dayOfKey(month.start, key),
        (day) => new Date(day.getTime() + DAY_MS),
      );
      return sum(days, async (day) => {
        if (day.within) return day.matching;
        const segments = this.children(
          await this.summary(daySummaryId(orgId, day.start)),
          period,
          (key) => segmentOfKey(day.start, key).start,
          (start) => new Date(start.getTime() + BUCKET_MS),
        );
        return sum(segments, async (segment) => {
          if (segment.within) return segment.matching;
          const entries = await this.entries({
            ...segmentOfKey(day.start, segment.key),
            n: segment.n,
          });
          return entries.filter((entry) => this.filter.matches(entry)).length;
        });
      });
    });
  }

  /** The entries of a segment (none if it is gone), from the cache when its count is the same. */
  async entries(ref: SegmentRef & { n: number }): Promise<AuditEntryDocument[]> {
    const id = segmentId(this.filter.orgId, ref.trail, ref.start, ref.segment);
    const cached = this.trail.segmentCache.get(id, ref.n);
    if (cached) return cached;
    const segment = await this.trail.segments.findOne({ _id: id });
    const entries = Object.values(segment?.entries ?? {});
    this.trail.segmentCache.set(id, entries);
    return entries;
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
  ): { key: string; start: Date; n: number; matching: number; within: boolean }[] {
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
