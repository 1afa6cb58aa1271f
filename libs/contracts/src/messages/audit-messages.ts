export type AuditTrail = 'admin' | 'user' | 'system';

export interface AuditEntryView {
  id: string;
  orgId: string;
  occurredAt: string;
  trail: AuditTrail;
  activityType: string;
  action: string;
  actor: {
    type: string;
    id?: string;
    email?: string;
    name?: string;
    /** Where a person acted from, when a person did. */
    ip?: string;
    userAgent?: string;
  };
  target?: { type: string; id: string; label?: string };
  description: string;
  details: Record<string, unknown>;
}

/** Who is reading: what a product administrator may see is narrower (see the audit service). */
export type AuditViewerRole = 'cloud-administrator' | 'product-administrator';

export interface AuditTrailFilters {
  trail?: AuditTrail;
  activityType?: string;
  /** Entries of this administrator's actions (by session, password or API token); all when absent. */
  administratorId?: string;
  /** The period: from inclusive, to exclusive (ISO 8601), so consecutive periods never overlap. */
  from?: string;
  to?: string;
  /** Free text, matched case-insensitively in the description, the actor's email and the target. */
  q?: string;
}

export interface AuditTrailQuery extends AuditTrailFilters {
  orgId: string;
  viewerRole: AuditViewerRole;
  limit?: number;
  cursor?: string;
}

export interface AuditTrailPage {
  entries: AuditEntryView[];
  /** How many entries match the filters, on every page. */
  total: number;
  nextCursor: string | null;
}

export interface AuditEntryRequest {
  orgId: string;
  viewerRole: AuditViewerRole;
  entryId: string;
}

/** What a rebuild of the audit trail will read, said before it starts (`--dry-run`). */
export interface AuditRebuildPlan {
  projections: { name: string; collections: string[] }[];
  topics: string[];
  events: number;
}

export interface AuditRebuildStatus {
  state: 'idle' | 'running' | 'completed' | 'failed';
  phase?: 'replaying' | 'switching' | 'catching-up' | 'cleaning-up';
  /** Events read so far, of `total` in the topics when the rebuild started. */
  read: number;
  total: number;
  startedAt?: string;
  finishedAt?: string;
  etaSeconds?: number;
  error?: string;
  /** Operators' recent actions on the audit projection, newest first. */
  history: { at: string; action: string; details: Record<string, unknown> }[];
}
