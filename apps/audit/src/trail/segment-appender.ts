import type { mongo } from 'mongoose';

import type { AuditTrail } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';
import { countsOf, sumCounts, type Counts } from './bucket-counts';
import {
  bucketStart,
  entriesFitting,
  MAX_SEGMENT_ENTRIES,
  segmentId,
  type SegmentRef,
} from './trail-buckets';
import type { SegmentDocument } from './trail-documents';

/** A segment as it stands after a write: what its day's summary is set from. */
export interface SegmentState extends SegmentRef, Counts {
  orgId: string;
  bytes: number;
}

/** Segment states remembered per process, so the next append to an hour needs no read. */
const REMEMBERED_SEGMENTS = 20_000;
const MAX_ATTEMPTS = 1_000;

/**
 * Appends entries of one organisation, trail and hour to its newest segment, and opens the next
 * segment once one is full. Each write names the segment's entry count it expects, so two writers
 * never overfill a segment, and the event ids it adds, so none is added twice.
 */
export class SegmentAppender {
  private readonly known = new Map<string, SegmentState>();
  private readonly newest = new Map<string, number>();

  constructor(private readonly segments: mongo.Collection<SegmentDocument>) {}

  /** `entries` share organisation, trail and hour; returns the states of the segments written. */
  async append(
    orgId: string,
    trail: AuditTrail,
    start: Date,
    entries: AuditEntryDocument[],
  ): Promise<SegmentState[]> {
    const hour = segmentId(orgId, trail, start, 0);
    const written = new Map<number, SegmentState>();
    let pending = entries;
    let segment = this.newest.get(hour) ?? 0;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`could not append to the audit bucket ${hour}`);
      const id = segmentId(orgId, trail, start, segment);
      const state = this.known.get(id) ?? (await this.read(orgId, trail, start, segment));
      const chunk = fitting(pending, state);
      if (chunk.length === 0) {
        segment += 1;
        this.newest.set(hour, segment);
        continue;
      }
      const after = state
        ? await this.add(state, chunk)
        : await this.open({ orgId, trail, start, segment }, chunk);
      if (after) {
        written.set(segment, after);
        pending = pending.slice(chunk.length);
      } else {
        // Another writer got there first (or holds some of these): look again, keep the rest.
        this.known.delete(id);
        const held = await this.heldIds(id);
        pending = pending.filter((entry) => !held.has(entry._id));
      }
    }
    return [...written.values()];
  }

  /** The segment of its hour that holds this entry, if one does (after a crash, or a redelivery). */
  async holding(entry: AuditEntryDocument): Promise<SegmentState | undefined> {
    const start = bucketStart(entry.occurredAt);
    for (let segment = 0; ; segment++) {
      const id = segmentId(entry.orgId, entry.trail, start, segment);
      const found = await this.segments.findOne(
        { _id: id },
        { projection: { n: 1, c: 1, bytes: 1, ids: 1 } },
      );
      // Segments open in order, so the first one missing ends the search.
      if (!found) return undefined;
      if (found.ids.includes(entry._id)) {
        return this.remember({
          orgId: entry.orgId,
          trail: entry.trail,
          start,
          segment,
          n: found.n,
          c: found.c,
          bytes: found.bytes,
        });
      }
    }
  }

  private async read(
    orgId: string,
    trail: AuditTrail,
    start: Date,
    segment: number,
  ): Promise<SegmentState | undefined> {
    const found = await this.segments.findOne(
      { _id: segmentId(orgId, trail, start, segment) },
      { projection: { n: 1, c: 1, bytes: 1 } },
    );
    return found
      ? this.remember({ orgId, trail, start, segment, n: found.n, c: found.c, bytes: found.bytes })
      : undefined;
  }

  private async open(
    ref: SegmentRef & { orgId: string },
    chunk: AuditEntryDocument[],
  ): Promise<SegmentState | undefined> {
    const counts = countsOf(chunk);
    const bytes = sizeOf(chunk);
    try {
      await this.segments.insertOne({
        _id: segmentId(ref.orgId, ref.trail, ref.start, ref.segment),
        ...ref,
        ...counts,
        bytes,
        ids: chunk.map((entry) => entry._id),
        entries: chunk,
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return undefined;
      throw error;
    }
    return this.remember({ ...ref, ...counts, bytes });
  }

  private async add(
    state: SegmentState,
    chunk: AuditEntryDocument[],
  ): Promise<SegmentState | undefined> {
    const added = countsOf(chunk);
    const bytes = sizeOf(chunk);
    const ids = chunk.map((entry) => entry._id);
    const increments: Record<string, number> = { n: added.n, bytes };
    for (const [key, value] of Object.entries(added.c)) increments[`c.${key}`] = value;
    const result = await this.segments.updateOne(
      {
        _id: segmentId(state.orgId, state.trail, state.start, state.segment),
        n: state.n,
        ids: { $nin: ids },
      },
      { $push: { entries: { $each: chunk }, ids: { $each: ids } }, $inc: increments },
    );
    if (result.matchedCount === 0) return undefined;
    // The filter named the count it had, so the new counts are exactly the old plus these.
    const after = sumCounts([state, added]);
    return this.remember({ ...state, ...after, bytes: state.bytes + bytes });
  }

  private async heldIds(id: string): Promise<Set<string>> {
    const found = await this.segments.findOne({ _id: id }, { projection: { ids: 1 } });
    return new Set(found?.ids ?? []);
  }

  private remember(state: SegmentState): SegmentState {
    if (this.known.size >= REMEMBERED_SEGMENTS) this.known.clear();
    if (this.newest.size >= REMEMBERED_SEGMENTS) this.newest.clear();
    this.known.set(segmentId(state.orgId, state.trail, state.start, state.segment), state);
    return state;
  }
}

/** The leading entries that fit in the segment. */
function fitting(pending: AuditEntryDocument[], state: SegmentState | undefined) {
  const sizes = pending.slice(0, MAX_SEGMENT_ENTRIES).map((entry) => sizeOf([entry]));
  return pending.slice(0, entriesFitting(sizes, state ?? { n: 0, bytes: 0 }));
}

const sizes = new WeakMap<AuditEntryDocument, number>();

function sizeOf(entries: readonly AuditEntryDocument[]): number {
  let sum = 0;
  for (const entry of entries) {
    let size = sizes.get(entry);
    if (size === undefined) {
      size = JSON.stringify(entry).length;
      sizes.set(entry, size);
    }
    sum += size;
  }
  return sum;
}
