import type { mongo } from 'mongoose';

import { type Counts, sumCounts } from './bucket-counts';
import type { SegmentState } from './segment-appender';
import {
  dayKey,
  daySummaryId,
  laneDaySummaryId,
  monthKey,
  monthSummaryId,
  rootSummaryId,
  segmentKey,
  startOfDay,
  startOfMonth,
} from './trail-buckets';
import type { SummaryDocument } from './trail-documents';
import { laneKey } from './trail-lanes';

/**
 * Carries segment counts up: into its lane's day summary, the lane's day sum into the day's
 * summary, the day's sum into its month's, the month's into the organisation's. Each child is set (never incremented) from the child as just read, and
 * every write names its document by `_id` alone, so applying the same state twice changes
 * nothing and a crash between two levels is repaired by the next write to that segment. Within
 * a process the writes of one organisation follow one another, so a newer state is never
 * overwritten by an older one; two processes writing one organisation's same day at the same
 * moment may leave a child one write behind until its segment is written again.
 */
export class TrailSummaries {
  /** Per collection and organisation: the chain of its writes in this process (whichever copy writes). */
  private static readonly chains = new Map<string, Promise<unknown>>();

  constructor(readonly summaries: mongo.Collection<SummaryDocument>) {}

  async record(states: readonly SegmentState[]): Promise<void> {
    const byOrganisation = new Map<string, SegmentState[]>();
    for (const state of states) {
      const list = byOrganisation.get(state.orgId);
      if (list) list.push(state);
      else byOrganisation.set(state.orgId, [state]);
    }
    await Promise.all(
      [...byOrganisation].map(([orgId, segments]) =>
        this.inTurn(orgId, () => this.recordOrganisation(segments)),
      ),
    );
  }

  async get(id: string): Promise<SummaryDocument | null> {
    return this.summaries.findOne({ _id: id });
  }

  /** The summaries of these ids that exist, in one read. */
  async getMany(ids: readonly string[]): Promise<Map<string, SummaryDocument>> {
    const found = await this.summaries.find({ _id: { $in: [...ids] } }).toArray();
    return new Map(found.map((summary) => [summary._id, summary]));
  }

  private async recordOrganisation(states: SegmentState[]): Promise<void> {
    const byLaneDay = new Map<string, SegmentState[]>();
    for (const state of states) {
      const id = laneDaySummaryId(state.orgId, startOfDay(state.start), state);
      const laneDay = byLaneDay.get(id);
      if (laneDay) laneDay.push(state);
      else byLaneDay.set(id, [state]);
    }
    const days = new Map<string, { orgId: string; start: Date; lanes: [string, Counts][] }>();
    await Promise.all(
      [...byLaneDay].map(async ([laneDayId, segments]) => {
        const { orgId, start } = segments[0];
        const children = new Map<string, Counts>();
        for (const segment of segments) children.set(segmentKey(segment), segment);
        const laneDay = await this.setChildren(laneDayId, orgId, [...children]);
        const id = daySummaryId(orgId, startOfDay(start));
        const entry = days.get(id) ?? { orgId, start, lanes: [] };
        entry.lanes.push([laneKey(segments[0]), sumCounts(Object.values(laneDay.children))]);
        days.set(id, entry);
      }),
    );
    const months = new Map<string, { orgId: string; month: Date; days: [string, Counts][] }>();
    await Promise.all(
      [...days].map(async ([dayId, { orgId, start, lanes }]) => {
        const day = await this.setChildren(dayId, orgId, lanes);
        const month = startOfMonth(start);
        const id = monthSummaryId(orgId, month);
        const entry = months.get(id) ?? { orgId, month, days: [] };
        entry.days.push([dayKey(startOfDay(start)), sumCounts(Object.values(day.children))]);
        months.set(id, entry);
      }),
    );
    for (const [id, { orgId, month, days }] of months) {
      const summary = await this.setChildren(id, orgId, days);
      await this.setChildren(rootSummaryId(orgId), orgId, [
        [monthKey(month), sumCounts(Object.values(summary.children))],
      ]);
    }
  }

  /** Sets children of one summary in one write by `_id`; the summary as it stands after. */
  private async setChildren(
    id: string,
    orgId: string,
    children: [string, Counts][],
  ): Promise<SummaryDocument> {
    const set: Record<string, unknown> = { orgId };
    for (const [key, counts] of children) set[`children.${key}`] = { n: counts.n, c: counts.c };
    const after = await this.summaries.findOneAndUpdate(
      { _id: id },
      { $set: set },
      { upsert: true, returnDocument: 'after' },
    );
    if (!after) throw new Error(`the audit summary ${id} was not written`);
    return after;
  }

  private inTurn<T>(orgId: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.summaries.collectionName}:${orgId}`;
    const chains = TrailSummaries.chains;
    const next = (chains.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
    chains.set(key, next);
    void next
      .finally(() => {
        if (chains.get(key) === next) chains.delete(key);
      })
      .catch(() => undefined);
    return next;
  }
}
