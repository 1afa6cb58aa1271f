import type { mongo } from 'mongoose';

import type { AuditEntryDocument } from './audit-entry';
import { type Counts, countsOf } from './bucket-counts';
import { bulkWriteInSlices } from './bulk-writes';
import {
  entriesFitting,
  entryKey,
  MAX_SEGMENT_ENTRIES,
  segmentId,
  type SegmentRef,
} from './trail-buckets';
import type { ClaimDocument, SegmentDocument } from './trail-documents';
import type { Lane } from './trail-lanes';

/** A segment as it stands after a write: what its day's summary is set from. */
export interface SegmentState extends SegmentRef, Counts {
  orgId: string;
}

/** Entries of one organisation, lane and hour. */
export interface HourEntries {
  orgId: string;
  lane: Lane;
  start: Date;
  entries: AuditEntryDocument[];
}

/** An hour's newest segment: its number, what it holds, and whether it is stored yet. */
interface Newest {
  segment: number;
  n: number;
  bytes: number;
}

/** Entries bound for one segment. */
interface SegmentWrite {
  id: string;
  orgId: string;
  lane: Lane;
  start: Date;
  segment: number;
  entries: AuditEntryDocument[];
  /** This process saw no such segment: it is inserted whole, or updated if someone was first. */
  fresh: boolean;
}

/** Hours whose newest segment this process remembers, so the next append needs no read. */
const REMEMBERED_HOURS = 5_000;
/** Segments read back in one `_id: {$in}` read after their update. */
const READ_BACK_AT_ONCE = 500;

/**
 * Appends entries, grouped by organisation, lane and hour, in a few commands for a whole batch
 * (a live consumer's batch, a rebuild's or the benchmark's million alike). Every write names its
 * documents by `_id` alone (the only filter every engine serves from its primary key;
 * mongo-java-server scans the collection for any other):
 *
 * 1. The newest segment of each hour this process does not remember: one `_id: {$in}` read.
 * 2. Each entry's segment is claimed by inserting its claim (the event id is the claim's `_id`,
 *    so only one insert succeeds): one unordered `insertMany` for the batch.
 * 3. Segments this process has not seen are inserted whole, in one `insertMany`; the others get
 *    their entries set under their event ids, in bulk writes, and are read back in one
 *    `_id: {$in}` read. A segment another writer created first (a duplicate `_id`) is updated
 *    instead.
 *
 * A redelivered or replayed event finds its claim and sets the same entry in the same segment
 * again, which changes nothing, so a crash anywhere is completed by the redelivery. A segment
 * takes entries until it holds its bound, then the next opens; writers in two processes at once
 * may each add one write's worth past the bound, never more.
 */
export class SegmentAppender {
  /** Per hour: its newest segment and what it held when last written or read. */
  private readonly newest = new Map<string, Newest>();
  /** One append per hour at a time in this process, so this process never overfills a segment. */
  private readonly hours = new Map<string, Promise<unknown>>();

  constructor(
    private readonly segments: mongo.Collection<SegmentDocument>,
    private readonly claims: mongo.Collection<ClaimDocument>,
  ) {}

  /** `entries` share organisation, lane and hour; returns the states of the segments that hold them. */
  append(
    orgId: string,
    lane: Lane,
    start: Date,
    entries: AuditEntryDocument[],
  ): Promise<SegmentState[]> {
    return this.appendAll([{ orgId, lane, start, entries }]);
  }

  /** Each group shares organisation, lane and hour; returns the states of the segments that hold them. */
  appendAll(groups: readonly HourEntries[]): Promise<SegmentState[]> {
    const hours = groups.map((group) => hourId(group));
    const previous = Promise.all(hours.map((hour) => this.hours.get(hour)));
    const appending = previous.catch(() => undefined).then(() => this.appendNow(groups));
    for (const hour of hours) this.hours.set(hour, appending);
    void appending
      .finally(() => {
        for (const hour of hours) if (this.hours.get(hour) === appending) this.hours.delete(hour);
      })
      .catch(() => undefined);
    return appending;
  }

  private async appendNow(groups: readonly HourEntries[]): Promise<SegmentState[]> {
    if (groups.every((group) => group.entries.length === 0)) return [];
    const unique = groups.map((group) => ({
      ...group,
      entries: [...new Map(group.entries.map((entry) => [entry._id, entry])).values()],
    }));
    const newest = await this.newestOf(unique);
    const wanted = new Map<string, { group: HourEntries; segment: number }>();
    for (const group of unique)
      for (const [entryId, segment] of place(group.entries, newest.get(hourId(group))!))
        wanted.set(entryId, { group, segment });
    const claimed = await this.claim(
      [...wanted].map(([entryId, { group, segment }]) => ({
        _id: entryId,
        segment: segmentId(group.orgId, group.lane, group.start, segment),
      })),
    );
    const writes = new Map<string, SegmentWrite>();
    for (const group of unique) {
      const known = newest.get(hourId(group))!;
      for (const entry of group.entries) {
        const id = claimed.get(entry._id)!;
        const segment = Number(/#(\d+)$/.exec(id)?.[1]);
        const write = writes.get(id) ?? {
          id,
          orgId: group.orgId,
          lane: group.lane,
          start: group.start,
          segment,
          entries: [],
          fresh: segment > known.segment || (segment === known.segment && known.n === 0),
        };
        write.entries.push(entry);
        writes.set(id, write);
      }
    }
    const held = await this.write([...writes.values()]);
    return [...writes.values()].map((write) => {
      const entries = held.get(write.id)!;
      this.remember(write, entries);
      return {
        orgId: write.orgId,
        ...write.lane,
        start: write.start,
        segment: write.segment,
        ...countsOf(entries),
      };
    });
  }

  /** Writes every segment's entries; what each segment holds after. */
  private async write(writes: SegmentWrite[]): Promise<Map<string, AuditEntryDocument[]>> {
    const held = new Map<string, AuditEntryDocument[]>();
    const fresh = writes.filter((write) => write.fresh);
    const taken = new Set<string>();
    if (fresh.length > 0) {
      const documents: SegmentDocument[] = fresh.map((write) => ({
        _id: write.id,
        orgId: write.orgId,
        ...write.lane,
        start: write.start,
        segment: write.segment,
        entries: Object.fromEntries(write.entries.map((entry) => [entryKey(entry._id), entry])),
      }));
      try {
        await this.segments.insertMany(documents, { ordered: false });
      } catch (error) {
        const failures = writeErrorsOf(error);
        if (!failures || failures.some((failure) => failure.code !== 11000)) throw error;
        for (const { index } of failures) taken.add(documents[index]._id);
      }
      for (const write of fresh) if (!taken.has(write.id)) held.set(write.id, write.entries);
    }
    const updates = writes.filter((write) => !write.fresh || taken.has(write.id));
    for (const [id, entries] of await this.update(updates)) held.set(id, entries);
    return held;
  }

  /**
   * Sets the entries in stored segments (or ones created meanwhile) in bulk writes, then reads
   * them back in one `_id: {$in}` read: what each holds now, whoever else wrote to it. Read after
   * this process's own write, a segment can only hold more than it wrote, never less; bulk
   * writes of 50 cost the engine one commit each where a `findOneAndUpdate` per segment cost one
   * per segment.
   */
  private async update(writes: SegmentWrite[]): Promise<Map<string, AuditEntryDocument[]>> {
    if (writes.length === 0) return new Map();
    if (writes.length === 1) {
      // One segment (a quiet live batch): the write and the read back are one command.
      const [write] = writes;
      const after = await this.segments.findOneAndUpdate(
        { _id: write.id },
        { $set: segmentFields(write) },
        { upsert: true, returnDocument: 'after' },
      );
      return new Map([[write.id, Object.values(after?.entries ?? {})]]);
    }
    await bulkWriteInSlices(
      this.segments,
      writes.map((write) => ({
        updateOne: {
          filter: { _id: write.id },
          update: { $set: segmentFields(write) },
          upsert: true,
        },
      })),
    );
    const held = new Map<string, AuditEntryDocument[]>(writes.map((write) => [write.id, []]));
    const ids = [...held.keys()];
    for (let offset = 0; offset < ids.length; offset += READ_BACK_AT_ONCE)
      for (const segment of await this.segments
        .find({ _id: { $in: ids.slice(offset, offset + READ_BACK_AT_ONCE) } })
        .toArray())
        held.set(segment._id, Object.values(segment.entries));
    return held;
  }

  /** Inserts the claims; returns, per event, the segment of the claim that stands (this one or an earlier one). */
  private async claim(claims: ClaimDocument[]): Promise<Map<string, string>> {
    const standing = new Map(claims.map((claim) => [claim._id, claim.segment]));
    try {
      await this.claims.insertMany(claims, { ordered: false });
      return standing;
    } catch (error) {
      const failures = writeErrorsOf(error);
      if (!failures || failures.some((failure) => failure.code !== 11000)) throw error;
      const ids = failures.map(({ index }) => claims[index]._id);
      const earlier = await this.claims.find({ _id: { $in: ids } }).toArray();
      for (const claim of earlier) standing.set(claim._id, claim.segment);
      const gone = ids.find((id) => !earlier.some((claim) => claim._id === id));
      if (gone) throw new Error(`the claim of ${gone} is gone`);
      return standing;
    }
  }

  /**
   * Each hour's newest segment, remembered or read from the segments themselves: segment 0 of
   * every hour not remembered in one `_id: {$in}` read, then the next of those found, and so on.
   */
  private async newestOf(groups: readonly HourEntries[]): Promise<Map<string, Newest>> {
    const newest = new Map<string, Newest>();
    let unknown: HourEntries[] = [];
    for (const group of groups) {
      const hour = hourId(group);
      const known = this.newest.get(hour);
      if (known) newest.set(hour, known);
      else if (!newest.has(hour)) {
        newest.set(hour, { segment: 0, n: 0, bytes: 0 });
        unknown.push(group);
      }
    }
    for (let segment = 0; unknown.length > 0; segment++) {
      const ids = unknown.map((group) => segmentId(group.orgId, group.lane, group.start, segment));
      const found = new Map(
        (await this.segments.find({ _id: { $in: ids } }).toArray()).map((doc) => [doc._id, doc]),
      );
      unknown = unknown.filter((group, index) => {
        const stored = found.get(ids[index]);
        if (!stored) return false;
        const held = Object.values(stored.entries);
        newest.set(hourId(group), { segment, n: held.length, bytes: bytesOf(held) });
        return true;
      });
    }
    return newest;
  }

  private remember(write: SegmentWrite, held: AuditEntryDocument[]): void {
    const hour = segmentId(write.orgId, write.lane, write.start, 0);
    const known = this.newest.get(hour);
    if (known && known.segment > write.segment) return;
    if (this.newest.size >= REMEMBERED_HOURS) this.newest.clear();
    this.newest.set(hour, { segment: write.segment, n: held.length, bytes: bytesOf(held) });
  }
}

/** An hour's key (its first segment's id). */
function hourId(group: Pick<HourEntries, 'orgId' | 'lane' | 'start'>): string {
  return segmentId(group.orgId, group.lane, group.start, 0);
}

/** Which segment of the hour each entry goes to, filling the newest and opening the next ones. */
function place(entries: AuditEntryDocument[], newest: Newest): Map<string, number> {
  let open = newest;
  const wanted = new Map<string, number>();
  for (let rest = entries; rest.length > 0;) {
    const sizes = rest.slice(0, MAX_SEGMENT_ENTRIES).map((entry) => sizeOf(entry));
    const taken = entriesFitting(sizes, open);
    if (taken === 0) {
      open = { segment: open.segment + 1, n: 0, bytes: 0 };
      continue;
    }
    for (const entry of rest.slice(0, taken)) wanted.set(entry._id, open.segment);
    open = {
      segment: open.segment,
      n: open.n + taken,
      bytes: open.bytes + sizes.slice(0, taken).reduce((a, b) => a + b, 0),
    };
    rest = rest.slice(taken);
  }
  return wanted;
}

const sizes = new WeakMap<AuditEntryDocument, number>();

function sizeOf(entry: AuditEntryDocument): number {
  let size = sizes.get(entry);
  if (size === undefined) {
    size = JSON.stringify(entry).length;
    sizes.set(entry, size);
  }
  return size;
}

function bytesOf(entries: AuditEntryDocument[]): number {
  return entries.reduce((sum, entry) => sum + sizeOf(entry), 0);
}

/** The per-document failures of an unordered insertMany. */
function writeErrorsOf(error: unknown): { index: number; code: number }[] | undefined {
  const failure = error as {
    writeErrors?: { index: number; code: number }[] | { index: number; code: number };
  };
  if (!failure.writeErrors) return undefined;
  return Array.isArray(failure.writeErrors) ? failure.writeErrors : [failure.writeErrors];
}

/** What an update of a segment sets: its identity, and each entry under its event id. */
function segmentFields(write: SegmentWrite): Record<string, unknown> {
  const set: Record<string, unknown> = {
    orgId: write.orgId,
    ...write.lane,
    start: write.start,
    segment: write.segment,
  };
  for (const entry of write.entries) set[`entries.${entryKey(entry._id)}`] = entry;
  return set;
}
