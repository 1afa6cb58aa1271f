import type { mongo } from 'mongoose';

import type { AuditTrail } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';
import { countsOf, sumCounts, type Counts } from './bucket-counts';
import { entriesFitting, MAX_SEGMENT_ENTRIES, segmentId, type SegmentRef } from './trail-buckets';
import type { SegmentDocument } from './trail-documents';

/** A segment as it stands after a write (or as read): what its day's summary is set from. */
export interface SegmentState extends SegmentRef, Counts {
  orgId: string;
  bytes: number;
  closed: boolean;
}

/** Segments remembered per process, so the next append to an hour needs no read. */
const REMEMBERED_SEGMENTS = 5_000;
const MAX_ATTEMPTS = 1_000;

/**
 * Appends entries of one organisation, trail and hour to the hour's one open segment. When the
 * next entry does not fit, the segment is closed (and never changes again) and the next one
 * opens. Each write names the entry count it expects and the event ids it adds, and an event is
 * first looked for in the hour's closed segments, so no segment overfills and no event is ever
 * held twice, whoever writes at the same time and however often an event is applied.
 */
export class SegmentAppender {
  private readonly known = new Map<string, SegmentState>();
  /** Ids held by closed segments: closed segments never change, so these stay true. */
  private readonly frozen = new Map<string, ReadonlySet<string>>();

  constructor(private readonly segments: mongo.Collection<SegmentDocument>) {}

  /**
   * `entries` share organisation, trail and hour; returns the states of the segments that hold
   * them (written now, or holding them from before: their counts are carried up again either way,
   * which completes an apply a crash cut short).
   */
  async append(
    orgId: string,
    trail: AuditTrail,
    start: Date,
    entries: AuditEntryDocument[],
  ): Promise<SegmentState[]> {
    const holding = new Map<number, SegmentState>();
    let pending = [...new Map(entries.map((entry) => [entry._id, entry])).values()];
    let segment = 0;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(
          `could not append to the audit bucket ${segmentId(orgId, trail, start, 0)}`,
        );
      const id = segmentId(orgId, trail, start, segment);
      const state = this.known.get(id) ?? (await this.read(orgId, trail, start, segment));
      if (!state) {
        const opened = await this.open({ orgId, trail, start, segment }, fitting(pending));
        if (opened) {
          holding.set(segment, opened);
          pending = pending.slice(opened.n);
        }
        continue;
      }
      if (state.closed) {
        const held = await this.frozenIds(id);
        const before = pending.length;
        pending = pending.filter((entry) => !held.has(entry._id));
        if (pending.length < before) holding.set(segment, state);
        segment += 1;
        continue;
      }
      const chunk = fitting(pending, state);
      const after = chunk.length > 0 ? await this.add(state, chunk) : await this.close(state);
      if (after && chunk.length > 0) {
        holding.set(segment, after);
        pending = pending.slice(chunk.length);
      } else if (!after) {
        // Someone else wrote to it, or it holds some of these already: look again.
        this.known.delete(id);
        const current = await this.read(orgId, trail, start, segment, true);
        const held = new Set(current?.ids ?? []);
        const before = pending.length;
        pending = pending.filter((entry) => !held.has(entry._id));
        if (current && pending.length < before) holding.set(segment, current.state);
      }
    }
    return [...holding.values()];
  }

  private async read(
    orgId: string,
    trail: AuditTrail,
    start: Date,
    segment: number,
  ): Promise<SegmentState | undefined>;
  private async read(
    orgId: string,
    trail: AuditTrail,
    start: Date,
    segment: number,
    withIds: true,
  ): Promise<{ state: SegmentState; ids: string[] } | undefined>;
  private async read(
    orgId: string,
    trail: AuditTrail,
    start: Date,
    segment: number,
    withIds = false,
  ) {
    const found = await this.segments.findOne(
      { _id: segmentId(orgId, trail, start, segment) },
      { projection: { n: 1, c: 1, bytes: 1, closed: 1, ...(withIds ? { ids: 1 } : {}) } },
    );
    if (!found) return undefined;
    const state = this.remember({
      orgId,
      trail,
      start,
      segment,
      n: found.n,
      c: found.c,
      bytes: found.bytes,
      closed: found.closed === true,
    });
    return withIds ? { state, ids: found.ids } : state;
  }

  private async frozenIds(id: string): Promise<ReadonlySet<string>> {
    let ids = this.frozen.get(id);
    if (!ids) {
      const found = await this.segments.findOne({ _id: id }, { projection: { ids: 1 } });
      ids = new Set(found?.ids ?? []);
      if (this.frozen.size >= REMEMBERED_SEGMENTS) this.frozen.clear();
      this.frozen.set(id, ids);
    }
    return ids;
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
        closed: false,
        ids: chunk.map((entry) => entry._id),
        entries: chunk,
      });
    } catch (error) {
      // Opened by another writer meanwhile: the next round reads it.
      if ((error as { code?: number }).code === 11000) return undefined;
      throw error;
    }
    return this.remember({ ...ref, ...counts, bytes, closed: false });
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
      { _id: this.idOf(state), n: state.n, closed: false, ids: { $nin: ids } },
      { $push: { entries: { $each: chunk }, ids: { $each: ids } }, $inc: increments },
    );
    if (result.matchedCount === 0) return undefined;
    // The filter named the count it had, so the new counts are exactly the old plus these.
    return this.remember({ ...state, ...sumCounts([state, added]), bytes: state.bytes + bytes });
  }

  /** Full for the next entry: closed at the count it has, so it never changes again. */
  private async close(state: SegmentState): Promise<undefined> {
    await this.segments.updateOne(
      { _id: this.idOf(state), n: state.n, closed: false },
      { $set: { closed: true } },
    );
    return undefined;
  }

  private idOf(state: SegmentState): string {
    return segmentId(state.orgId, state.trail, state.start, state.segment);
  }

  private remember(state: SegmentState): SegmentState {
    if (this.known.size >= REMEMBERED_SEGMENTS) this.known.clear();
    this.known.set(this.idOf(state), state);
    return state;
  }
}

/** The leading entries that fit in the segment (an empty one: at least one). */
function fitting(pending: AuditEntryDocument[], state?: SegmentState): AuditEntryDocument[] {
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
