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

/** Hours whose newest segment this process remembers, so the next append needs no read. */
const REMEMBERED_HOURS = 5_000;

/** An hour's newest segment and what it holds. */
interface Newest {
  segment: number;
  n: number;
  bytes: number;
}

const EMPTY_HOUR: Newest = { segment: 0, n: 0, bytes: 0 };

/** The entries of one organisation, lane and hour. */
export interface HourEntries {
  orgId: string;
  lane: Lane;
  start: Date;
  entries: AuditEntryDocument[];
}

/**
 * Appends entries of organisations' lanes and hours. Every write names a document by `_id`
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
    return this.appendBatch([{ orgId, lane, start, entries }]);
  }

  /**
   * Appends the entries of several hours (each group one organisation, lane and hour) in a few
   * commands whatever their number: the hours' claims in one insert, their segments' entries in
   * bulk writes (in slices FerretDB takes), then the segments read back in one find.
   */
  appendBatch(hours: readonly HourEntries[]): Promise<SegmentState[]> {
    const ids = [
      ...new Set(hours.map(({ orgId, lane, start }) => segmentId(orgId, lane, start, 0))),
    ];
    const previous = Promise.all(
      ids.map((id) => (this.hours.get(id) ?? Promise.resolve()).catch(() => undefined)),
    );
    const appending = previous.then(() => this.appendNow(hours));
    for (const id of ids) this.hours.set(id, appending);
    void appending
      .finally(() => {
        for (const id of ids) if (this.hours.get(id) === appending) this.hours.delete(id);
      })
      .catch(() => undefined);
    return appending;
  }

  private async appendNow(hours: readonly HourEntries[]): Promise<SegmentState[]> {
    // One group per hour, each entry once.
    const byHour = new Map<string, HourEntries & { byId: Map<string, AuditEntryDocument> }>();
    for (const hour of hours) {
      const id = segmentId(hour.orgId, hour.lane, hour.start, 0);
      const group = byHour.get(id) ?? { ...hour, byId: new Map() };
      for (const entry of hour.entries) group.byId.set(entry._id, entry);
      byHour.set(id, group);
    }
    const unique = [...byHour.values()].map(({ byId, ...hour }) => ({
      ...hour,
      entries: [...byId.values()],
    }));
    const newest = await this.newestOf(unique);
    const wanted = unique.map((hour) => this.plan(hour, newest));
    const claimed = await this.claim(
      unique.flatMap((hour, index) =>
        hour.entries.map((entry) => ({ _id: entry._id, segment: wanted[index].get(entry._id)! })),
      ),
    );
    const writes = new Map<
      string,
      { ref: Omit<SegmentState, keyof Counts>; set: Record<string, unknown> }
    >();
    for (const { orgId, lane, start, entries } of unique) {
      for (const entry of entries) {
        const id = claimed.get(entry._id)!;
        const segment = Number(/#(\d+)$/.exec(id)?.[1]);
        const write = writes.get(id) ?? {
          ref: { orgId, ...lane, start, segment },
          set: { orgId, ...lane, start, segment },
        };
        write.set[`entries.${entryKey(entry._id)}`] = entry;
        writes.set(id, write);
      }
    }
    const ids = [...writes.keys()];
    await bulkWriteInSlices(
      this.segments,
      ids.map((id) => ({
        updateOne: { filter: { _id: id }, update: { $set: writes.get(id)!.set }, upsert: true },
      })),
    );
    // What they hold now, whoever else wrote to them: the counts carried up are derived from that.
    const after = new Map(
      (await this.segments.find({ _id: { $in: ids } }).toArray()).map((found) => [
        found._id,
        found,
      ]),
    );
    return ids.map((id) => {
      const { ref } = writes.get(id)!;
      const held = Object.values(after.get(id)?.entries ?? {});
      if (held.length === 0) throw new Error(`the audit segment ${id} was not written`);
      this.remember(ref.orgId, ref, ref.start, ref.segment, held);
      return { ...ref, ...countsOf(held) };
    });
  }

  /** The segment each entry of an hour would go to, filling the hour's newest one first. */
  private plan(
    { orgId, lane, start, entries }: HourEntries,
    newest: Map<string, Newest>,
  ): Map<string, string> {
    let open = newest.get(segmentId(orgId, lane, start, 0)) ?? EMPTY_HOUR;
    const wanted = new Map<string, string>();
    for (let rest = entries; rest.length > 0;) {
      const sizes = rest.slice(0, MAX_SEGMENT_ENTRIES).map((entry) => sizeOf(entry));
      const taken = entriesFitting(sizes, open);
      if (taken === 0) {
        open = { segment: open.segment + 1, n: 0, bytes: 0 };
        continue;
      }
      const id = segmentId(orgId, lane, start, open.segment);
      for (const entry of rest.slice(0, taken)) wanted.set(entry._id, id);
      open = {
        segment: open.segment,
        n: open.n + taken,
        bytes: open.bytes + sizes.slice(0, taken).reduce((a, b) => a + b, 0),
      };
      rest = rest.slice(taken);
    }
    return wanted;
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

  /**
   * The newest segment of each hour: as this process remembers it, or, for the hours it does not
   * know, read: their first segments in one find (a new hour has none), then, for an hour that
   * has one, its later ones one by one.
   */
  private async newestOf(hours: readonly HourEntries[]): Promise<Map<string, Newest>> {
    const newest = new Map<string, Newest>();
    const unknown: HourEntries[] = [];
    for (const hour of hours) {
      const id = segmentId(hour.orgId, hour.lane, hour.start, 0);
      const known = this.newest.get(id);
      if (known) newest.set(id, known);
      else unknown.push(hour);
    }
    if (unknown.length === 0) return newest;
    const firsts = unknown.map(({ orgId, lane, start }) => segmentId(orgId, lane, start, 0));
    const found = new Map(
      (await this.segments.find({ _id: { $in: firsts } }).toArray()).map((first) => [
        first._id,
        first,
      ]),
    );
    await Promise.all(
      unknown.map(async ({ orgId, lane, start }) => {
        const id = segmentId(orgId, lane, start, 0);
        const first = found.get(id);
        newest.set(id, first ? await this.readNewest(orgId, lane, start, first) : EMPTY_HOUR);
      }),
    );
    return newest;
  }

  /** The hour's newest segment and what it holds, read from the segments themselves after its first. */
  private async readNewest(orgId: string, lane: Lane, start: Date, first: SegmentDocument) {
    let newest = measure(0, first);
    for (let segment = 1; ; segment++) {
      const found = await this.segments.findOne({ _id: segmentId(orgId, lane, start, segment) });
      if (!found) return newest;
      newest = measure(segment, found);
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

/** Where a segment stands: its number and what it holds. */
function measure(segment: number, found: SegmentDocument): Newest {
  const held = Object.values(found.entries);
  return { segment, n: held.length, bytes: held.reduce((sum, entry) => sum + sizeOf(entry), 0) };
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
