import type { AuditTrail } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';
import type { Counts } from './bucket-counts';

/**
 * One segment of a bucket: the entries of one organisation, lane and hour, by event id (set,
 * never pushed, so writing an entry twice changes nothing). Its counts are derived from what it
 * holds when a write carries them up.
 */
export interface SegmentDocument {
  /** `segmentId(orgId, lane, start, segment)`. */
  _id: string;
  orgId: string;
  trail: AuditTrail;
  /** The lane's administrator; none for the lane of everyone else. */
  administratorId?: string;
  start: Date;
  segment: number;
  /** By `entryKey(event id)`. */
  entries: Record<string, AuditEntryDocument>;
}

/**
 * Where an event's entry went, decided once by inserting this document (its `_id` is the event
 * id, so a second insert fails): a redelivered or replayed event writes to the same segment
 * again, which changes nothing.
 */
export interface ClaimDocument {
  _id: string;
  /** The segment's id. */
  segment: string;
}

/**
 * The counts of an organisation (per month), of a month (per day), of a day (per lane) or of a
 * lane's day (per hour and segment), each child's counts set from the child as just read, so applying the same state
 * twice changes nothing and a crash between two levels is repaired by the next write to the
 * child. Which children exist is also the directory a query walks: empty hours are never read.
 */
export interface SummaryDocument {
  _id: string;
  orgId: string;
  children: Record<string, Counts>;
}
