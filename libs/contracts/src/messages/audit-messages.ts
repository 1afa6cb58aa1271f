import { z } from 'zod';

import { eventEnvelopeSchema } from '../envelope-schema';
import { AUDIT_ACTIVITY_TYPE_NAMES, type AuditActivityType } from './audit-activity-types';
import { orgIdSchema } from './common-schemas';
import { serviceStatusMessages } from './health-messages';
import { defineMessage } from './message-definition';

export type AuditTrail = 'admin' | 'user' | 'system';

export interface AuditEntryView {
  id: string;
  orgId: string;
  occurredAt: string;
  trail: AuditTrail;
  activityType: AuditActivityType;
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
export const auditViewerRoleSchema = z.enum(['cloud-administrator', 'product-administrator']);
export type AuditViewerRole = z.output<typeof auditViewerRoleSchema>;

export const auditActivityTypeSchema = z.enum(AUDIT_ACTIVITY_TYPE_NAMES, {
  errorMap: () => ({
    message: `activityType must be one of: ${AUDIT_ACTIVITY_TYPE_NAMES.join(', ')}.`,
  }),
});

const isoInstant = z.string().datetime({
  offset: true,
  message: 'must be an ISO 8601 date and time, e.g. 2026-11-23T00:00:00Z',
});

/** What narrows the trail, the same in the console's query string and in the message. */
export const auditTrailFiltersSchema = z.object({
  trail: z.enum(['admin', 'user', 'system']).optional(),
  activityType: auditActivityTypeSchema.optional(),
  /** Entries of this administrator's actions (by session, password or API token); all when absent. */
  administratorId: z.string().max(100).optional(),
  /** The period: from inclusive, to exclusive (ISO 8601), so consecutive periods never overlap. */
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  /** Free text, matched case-insensitively in the description, the actor's email and the target. */
  q: z.string().max(200).optional(),
});
export type AuditTrailFilters = z.output<typeof auditTrailFiltersSchema>;

export const auditTrailPagingSchema = z.object({
  limit: z.number().int().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
});

const viewer = z.object({ orgId: orgIdSchema, viewerRole: auditViewerRoleSchema });
const someEvents = z.object({ events: z.array(eventEnvelopeSchema).max(5_000) });

export interface AuditTrailPage {
  entries: AuditEntryView[];
  /** How many entries match the filters, on every page. */
  total: number;
  nextCursor: string | null;
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

export interface AuditCompareResult {
  /** Events the trail shows. */
  audited: number;
  missing: { id: string; type: string }[];
}

/** Entries in the live trail. */
export interface AuditEntryCount {
  entries: number;
}

export const AuditMessages = {
  ...serviceStatusMessages('audit'),
  queryTrail: defineMessage<AuditTrailPage>()({
    service: 'audit',
    pattern: 'audit.trail.query',
    request: viewer.merge(auditTrailFiltersSchema).merge(auditTrailPagingSchema),
    errors: ['invalid-request', 'invalid-cursor'],
  }),
  getEntry: defineMessage<AuditEntryView>()({
    service: 'audit',
    pattern: 'audit.trail.get-entry',
    request: viewer.extend({ entryId: z.string().min(1).max(100) }),
    errors: ['audit-entry-not-found'],
  }),
  /** `--dry-run` says what a rebuild would read; otherwise a rebuild starts in the background. */
  rebuild: defineMessage<AuditRebuildPlan | AuditRebuildStatus>()({
    service: 'audit',
    pattern: 'audit.projections.rebuild',
    request: z.object({ dryRun: z.boolean() }),
    errors: ['rebuild-running'],
  }),
  rebuildStatus: defineMessage<AuditRebuildStatus>()({
    service: 'audit',
    pattern: 'audit.projections.rebuild-status',
    request: z.object({}).strip(),
    errors: [],
  }),
  /** Which of these events should have an audit entry and have none. */
  compareEvents: defineMessage<AuditCompareResult>()({
    service: 'audit',
    pattern: 'audit.consistency.compare',
    request: someEvents,
    errors: ['invalid-request'],
  }),
  countEntries: defineMessage<AuditEntryCount>()({
    service: 'audit',
    pattern: 'audit.consistency.count',
    request: z.object({}).strip(),
    errors: [],
  }),
};

export type AuditTrailQuery = z.output<typeof AuditMessages.queryTrail.request>;
export type AuditEntryRequest = z.output<typeof AuditMessages.getEntry.request>;
