import type { AuditEntryView } from '@coffer/contracts';

/** An entry as the trail stores it: the view a reader gets, keyed by its event and dated. */
export interface AuditEntryDocument extends Omit<AuditEntryView, 'id' | 'occurredAt'> {
  /** The event id: one event makes at most one entry. */
  _id: string;
  occurredAt: Date;
}
