import type { AuditTrail } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';
import type { Counts } from './bucket-counts';

/** One segment of a bucket: the entries of one organisation, trail and hour, in arrival order. */
export interface SegmentDocument extends Counts {
  /** `segmentId(orgId, trail, start, segment)`. */
  _id: string;
  orgId: string;
  trail: AuditTrail;
  start: Date;
  segment: number;
  /** JSON length of the entries, to split before the document grows large. */
  bytes: number;
  /** Set once the next entry did not fit: from then on the segment never changes. */
  closed: boolean;
  /** The event ids held: an update's filter refuses to add one twice. */
  ids: string[];
  entries: AuditEntryDocument[];
}

/**
 * The counts of an organisation (per month), of a month (per day) or of a day (per trail, hour
 * and segment), each child's counts set from the child itself, never incremented, so applying
 * the same state twice changes nothing and a crash between two levels is repaired by the next
 * apply. Which children exist is also the directory a query walks: empty hours are never read.
 */
export interface SummaryDocument {
  _id: string;
  orgId: string;
  children: Record<string, Counts>;
}
