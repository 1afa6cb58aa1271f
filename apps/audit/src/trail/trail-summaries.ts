import type { mongo } from 'mongoose';

import { type Counts, sumCounts } from './bucket-counts';
import { bulkWriteInSlices } from './bulk-writes';
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
 * summary, the day's sum into its month's, the month's into the organisation's. Each child is
 * set (never incremented) from the child as it stands with this batch's writes, and
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
    if (states.length === 0) return;
    const organisations = [...new Set(states.map((state) => state.orgId))];
    await this.inTurn(organisations, () => this.recordNow(states));
  }

  async get(id: string): Promise<SummaryDocument | null> {
    return this.summaries.findOne({ _id: id });
  }

  /** The summaries of these ids that exist, in one read. */
  async getMany(ids: readonly string[]): Promise<Map<string, SummaryDocument>> {
    const found = await this.summaries.find({ _id: { $in: [...ids] } }).toArray();
    return new Map(found.map((summary) => [summary._id, summary]));
  }

  /**
   * Every summary these states change, at every level, read in one find and written in bulk
   * writes (in slices FerretDB takes), whatever the number of organisations,
   * days and lanes: a batch of the live trail touches many, and each costs a command otherwise.
   */
  private async recordNow(states: readonly SegmentState[]): Promise<void> {
    const laneDays = new Map<string, Level>();
    const days = new Map<string, Level>();
    const months = new Map<string, Level>();
    const roots = new Map<string, Level>();
    for (const state of states) {
      const day = startOfDay(state.start);
      const month = startOfMonth(day);
      childrenOf(laneDays, laneDaySummaryId(state.orgId, day, state), state.orgId, day).set(
        segmentKey(state),
        { n: state.n, c: state.c },
      );
      childrenOf(days, daySummaryId(state.orgId, day), state.orgId, day);
      childrenOf(months, monthSummaryId(state.orgId, month), state.orgId, month);
      childrenOf(roots, rootSummaryId(state.orgId), state.orgId, month);
    }
    const ids = [...laneDays.keys(), ...days.keys(), ...months.keys(), ...roots.keys()];
    const current = new Map(
      (await this.summaries.find({ _id: { $in: ids } }).toArray()).map((summary) => [
        summary._id,
        summary.children,
      ]),
    );
    // Each level's sum, as it stands with this batch's children, is its parent's child.
    const sumOf = (id: string, children: Map<string, Counts>) =>
      sumCounts(Object.values({ ...current.get(id), ...Object.fromEntries(children) }));
    for (const state of states) {
      const day = startOfDay(state.start);
      const laneDay = laneDaySummaryId(state.orgId, day, state);
      days
        .get(daySummaryId(state.orgId, day))!
        .children.set(laneKey(state), sumOf(laneDay, laneDays.get(laneDay)!.children));
    }
    for (const [id, { orgId, start, children }] of days) {
      months
        .get(monthSummaryId(orgId, startOfMonth(start)))!
        .children.set(dayKey(start), sumOf(id, children));
    }
    for (const [id, { orgId, start, children }] of months) {
      roots.get(rootSummaryId(orgId))!.children.set(monthKey(start), sumOf(id, children));
    }
    const writes = [...laneDays, ...days, ...months, ...roots];
    await bulkWriteInSlices(
      this.summaries,
      writes.map(([id, { orgId, children }]) => {
        const set: Record<string, unknown> = { orgId };
        for (const [key, counts] of children) set[`children.${key}`] = { n: counts.n, c: counts.c };
        return { updateOne: { filter: { _id: id }, update: { $set: set }, upsert: true } };
      }),
    );
  }

  /** Runs `work` after the writes of these organisations before it in this process, as one of theirs. */
  private inTurn<T>(organisations: readonly string[], work: () => Promise<T>): Promise<T> {
    const keys = organisations.map((orgId) => `${this.summaries.collectionName}:${orgId}`);
    const chains = TrailSummaries.chains;
    const next = Promise.all(
      keys.map((key) => (chains.get(key) ?? Promise.resolve()).catch(() => undefined)),
    ).then(work);
    for (const key of keys) chains.set(key, next);
    void next
      .finally(() => {
        for (const key of keys) if (chains.get(key) === next) chains.delete(key);
      })
      .catch(() => undefined);
    return next;
  }
}

/** A summary this batch changes: its organisation, the start of its period, its new children. */
interface Level {
  orgId: string;
  start: Date;
  children: Map<string, Counts>;
}

function childrenOf(
  levels: Map<string, Level>,
  id: string,
  orgId: string,
  start: Date,
): Map<string, Counts> {
  let level = levels.get(id);
  if (!level) {
    level = { orgId, start, children: new Map() };
    levels.set(id, level);
  }
  return level.children;
}
