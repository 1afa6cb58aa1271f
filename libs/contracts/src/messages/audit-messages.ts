export type AuditTrail = 'admin' | 'user' | 'system';

export interface AuditEntryView {
  id: string;
  orgId: string;
  occurredAt: string;
  trail: AuditTrail;
  activityType: string;
  action: string;
  actor: { type: string; id?: string; email?: string; name?: string };
  target?: { type: string; id: string; label?: string };
  description: string;
  details: Record<string, unknown>;
}

export interface AuditTrailQuery {
  orgId: string;
  trail?: AuditTrail;
  activityType?: string;
  limit?: number;
  cursor?: string;
}

export interface AuditTrailPage {
  entries: AuditEntryView[];
  nextCursor: string | null;
}
