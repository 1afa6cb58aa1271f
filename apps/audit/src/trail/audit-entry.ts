import type { AuditTrail } from '@coffer/contracts';

export interface AuditEntryDocument {
  /** The event id: one event makes at most one entry. */
  _id: string;
  orgId: string;
  occurredAt: Date;
  trail: AuditTrail;
  activityType: string;
  action: string;
  actor: {
    type: string;
    id?: string;
    email?: string;
    name?: string;
    ip?: string;
    userAgent?: string;
  };
  target?: { type: string; id: string; label?: string };
  description: string;
  details: Record<string, unknown>;
}
