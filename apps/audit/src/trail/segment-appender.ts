import type { mongo } from 'mongoose';

import type { AuditEntryDocument } from './audit-entry';
import { type Counts, countsOf } from './bucket-counts';
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

/** Hours whose newest segment this process remembers, so the next append needs no read. */
const REMEMBERED_HOURS = 5_000;

/**
 * Appends entries of one organisation, lane and hour. Every write names a document by `_id`
 * alone (the only filter every engine serves from its primary key; mongo-java-server scans the
 * collection for any other): each event first claims a segment by inserting its claim (the event
 * id is the claim's `_id`, so only one insert succeeds), then its entry is set in that segment
 * under its event id. A redelivered or replayed event finds its claim and sets the same entry
 * in the same segment again, which changes nothing, so a crash anywhere is completed by the
 * redelivery. A segment takes entries until it holds its bound, then the next opens; writers in
 * two processes at once may each add one write's worth past the bound, never more.
 */
export class SegmentAppender {
  /** Per hour: its newest segment and what it held when last written or read. */
  private readonly newest = new Map<string, { segment: number; n: number; bytes: number }>();
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
    const hour = segmentId(orgId, lane, start, 0);
    const previous = this.hours.get(hour) ?? Promise.resolve();
    const appending = previous
      .catch(() => undefined)
      .then(() => this.appendNow(orgId, lane, start, entries));
    this.hours.set(hour, appending);
    void appending
      .finally(() => {
        if (this.hours.get(hour) === appending) this.hours.delete(hour);
      })
      .catch(() => undefined);
    return appending;
  }

  private async appendNow(
    orgId: string,
    lane: Lane,
    start: Date,
    entries: AuditEntryDocument[],
  ): Promise<SegmentState[]> {
    const unique = [...new Map(entries.map((entry) => [entry._id, entry])).values()];
    const placed = await this.place(orgId, lane, start, unique);
    const states: SegmentState[] = [];
    for (const [segment, group] of placed) {
      const id = segmentId(orgId, lane, start, segment);
      const set: Record<string, unknown> = { orgId, ...lane, start, segment };
      for (const entry of group) set[`entries.${entryKey(entry._id)}`] = entry;
      // What it holds now, whoever else wrote to it, in the same command: the counts carried
      // up are derived from that.
      const after = await this.segments.findOneAndUpdate(
        { _id: id },
        { $set: set },
        { upsert: true, returnDocument: 'after' },
      );
      const held = Object.values(after?.entries ?? {});
      states.push({ orgId, ...lane, start, segment, ...countsOf(held) });
      this.remember(orgId, lane, start, segment, held);
    }
    return states;
  }

  /** Which segment each entry goes to: the one its claim names, claimed now or before. */
  private async place(
    orgId: string,
    lane: Lane,
    start: Date,
    entries: AuditEntryDocument[],
  ): Promise<Map<number, AuditEntryDocument[]>> {
    const hour = segmentId(orgId, lane, start, 0);
    let open = this.newest.get(hour) ?? (await this.readNewest(orgId, lane, start));
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
    const claimed = await this.claim(
      entries.map((entry) => ({
        _id: entry._id,
        segment: segmentId(orgId, lane, start, wanted.get(entry._id) ?? 0),
      })),
    );
    const placed = new Map<number, AuditEntryDocument[]>();
    for (const entry of entries) {
      const segment = Number(
        /#(\d+)$/.exec(claimed.get(entry._id) ?? '')?.[1] ?? wanted.get(entry._id),
      );
      const group = placed.get(segment);
      if (group) group.push(entry);
      else placed.set(segment, [entry]);
    }
    return placed;
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
      await Promise.all(
        failures.map(async ({ index }) => {
          const earlier = await this.claims.findOne({ _id: claims[index]._id });
          if (!earlier) throw new Error(`the claim of ${claims[index]._id} is gone`);
          standing.set(earlier._id, earlier.segment);
        }),
      );
      return standing;
    }
  }

  /** The hour's newest segment and what it holds, read from the segments themselves. */
  private async readNewest(orgId: string, lane: Lane, start: Date) {
    let newest = { segment: 0, n: 0, bytes: 0 };
    for (let segment = 0; ; segment++) {
      const found = await this.segments.findOne({ _id: segmentId(orgId, lane, start, segment) });
      if (!found) return newest;
      const held = Object.values(found.entries);
      newest = {
        segment,
        n: held.length,
        bytes: held.reduce((sum, entry) => sum + sizeOf(entry), 0),
      };
    }
  }

  private remember(
    orgId: string,
    lane: Lane,
    start: Date,
    segment: number,
    held: AuditEntryDocument[],
  ): void {
    const hour = segmentId(orgId, lane, start, 0);
    const known = this.newest.get(hour);
    if (known && known.segment > segment) return;
    if (this.newest.size >= REMEMBERED_HOURS) this.newest.clear();
    this.newest.set(hour, {
      segment,
      n: held.length,
      bytes: held.reduce((sum, entry) => sum + sizeOf(entry), 0),
    });
  }
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

/** The per-document failures of an unordered insertMany. */
function writeErrorsOf(error: unknown): { index: number; code: number }[] | undefined {
  const failure = error as {
    writeErrors?: { index: number; code: number }[] | { index: number; code: number };
  };
  if (!failure.writeErrors) return undefined;
  return Array.isArray(failure.writeErrors) ? failure.writeErrors : [failure.writeErrors];
}
