import type { mongo } from 'mongoose';

import { sumCounts, type Counts } from './bucket-counts';
import type { SegmentState } from './segment-appender';
import {
  daySummaryId,
  dayKey,
  monthKey,
  monthSummaryId,
  rootSummaryId,
  segmentKey,
  startOfDay,
  startOfMonth,
} from './trail-buckets';
import type { SummaryDocument } from './trail-documents';

const MAX_ATTEMPTS = 5;

/**
 * Carries segment counts up: into the day's summary, the day's sum into its month's, the month's
 * into the organisation's. Each child is set (not incremented) and only by a state at least as
 * new as the one stored (`n` only grows), so writers racing, an event applied twice, or a crash
 * between two levels all end with the same counts once the next apply has run.
 */
export class TrailSummaries {
  constructor(readonly summaries: mongo.Collection<SummaryDocument>) {}

  async record(states: readonly SegmentState[]): Promise<void> {
    const byDay = new Map<string, SegmentState[]>();
    for (const state of states) {
      const id = daySummaryId(state.orgId, state.start);
      const day = byDay.get(id);
      if (day) day.push(state);
      else byDay.set(id, [state]);
    }
    await Promise.all([...byDay].map(([dayId, segments]) => this.recordDay(dayId, segments)));
  }

  /** One day's segments into the day, then the day into its month and the month into the organisation. */
  private async recordDay(dayId: string, segments: SegmentState[]): Promise<void> {
    const { orgId, start } = segments[0];
    const newest = new Map<string, Counts>();
    for (const segment of segments) {
      const key = segmentKey(segment);
      if ((newest.get(key)?.n ?? -1) < segment.n) newest.set(key, segment);
    }
    const day = await this.setChildren(dayId, orgId, [...newest]);
    // Every child was older than what is there: whoever wrote that carries it up.
    if (!day) return;
    const month = await this.setChild(
      monthSummaryId(orgId, startOfMonth(start)),
      orgId,
      dayKey(startOfDay(start)),
      sumCounts(Object.values(day.children)),
    );
    if (!month) return;
    await this.setChild(
      rootSummaryId(orgId),
      orgId,
      monthKey(startOfMonth(start)),
      sumCounts(Object.values(month.children)),
    );
  }

  /** Several children in one write when none is older than what is stored, else one by one. */
  private async setChildren(
    id: string,
    orgId: string,
    children: [string, Counts][],
  ): Promise<SummaryDocument | null> {
    if (children.length > 1) {
      try {
        const filter: Record<string, unknown> = { _id: id };
        const set: Record<string, unknown> = { orgId };
        for (const [key, counts] of children) {
          filter[`children.${key}.n`] = { $not: { $gt: counts.n } };
          set[`children.${key}`] = { n: counts.n, c: counts.c };
        }
        const after = await this.summaries.findOneAndUpdate(
          filter as mongo.Filter<SummaryDocument>,
          { $set: set },
          { upsert: true, returnDocument: 'after' },
        );
        if (after) return after;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
    let day: SummaryDocument | null = null;
    for (const [key, counts] of children)
      day = (await this.setChild(id, orgId, key, counts)) ?? day;
    return day;
  }

  async get(id: string): Promise<SummaryDocument | null> {
    return this.summaries.findOne({ _id: id });
  }

  /** The summary after the child was set, or null when a newer state of the child is stored. */
  private async setChild(
    id: string,
    orgId: string,
    key: string,
    counts: Counts,
  ): Promise<SummaryDocument | null> {
    const child = { n: counts.n, c: counts.c };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        return await this.summaries.findOneAndUpdate(
          { _id: id, [`children.${key}.n`]: { $not: { $gt: child.n } } },
          { $set: { orgId, [`children.${key}`]: child } },
          { upsert: true, returnDocument: 'after' },
        );
      } catch (error) {
        // The filter refused (newer stored: the upsert then collides with the document), or two
        // writers created the document at once (then trying again sets it).
        if ((error as { code?: number }).code !== 11000) throw error;
        const stored = await this.summaries.findOne({ _id: id });
        if ((stored?.children[key]?.n ?? -1) > child.n) return null;
      }
    }
    throw new Error(`could not update the audit summary ${id}`);
  }
}
