import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';

import {
  AuditPatterns,
  eventEnvelopeSchema,
  type AuditCompareResult,
  type AuditEntryCount,
  type AuditEntryView,
  type AuditTrailPage,
  type EventEnvelope,
} from '@coffer/contracts';
import { parseRequest } from '@coffer/service-kit';

import { TrailRebuild } from './rebuild/trail-rebuild';
import { LiveTrail } from './trail/live-trail';
import { getAuditEntry, queryAuditTrail } from './trail/audit-trail-query';
import { compareWithTrail, countEntries } from './trail/trail-consistency';

const viewerRoleSchema = z.enum(['cloud-administrator', 'product-administrator']);

const trailQuerySchema = z.object({
  orgId: z.string().min(1),
  viewerRole: viewerRoleSchema,
  trail: z.enum(['admin', 'user', 'system']).optional(),
  activityType: z.string().max(100).optional(),
  administratorId: z.string().max(100).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  q: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
});

const entrySchema = z.object({
  orgId: z.string().min(1),
  viewerRole: viewerRoleSchema,
  entryId: z.string().min(1).max(100),
});

const compareSchema = z.object({ events: z.array(eventEnvelopeSchema).max(5_000) });

@Controller()
export class AuditController {
  constructor(
    @Inject(LiveTrail) private readonly live: LiveTrail,
    @Inject(TrailRebuild) private readonly rebuild: TrailRebuild,
  ) {}

  @MessagePattern(AuditPatterns.queryTrail)
  async queryTrail(@Payload() message: unknown): Promise<AuditTrailPage> {
    const query = parseRequest(trailQuerySchema, message);
    return queryAuditTrail(await this.live.current(), query);
  }

  @MessagePattern(AuditPatterns.getEntry)
  async getEntry(@Payload() message: unknown): Promise<AuditEntryView> {
    const request = parseRequest(entrySchema, message);
    return getAuditEntry(await this.live.current(), request);
  }

  /** `--dry-run` says what a rebuild would read; otherwise a rebuild starts in the background. */
  @MessagePattern(AuditPatterns.rebuild)
  async startRebuild(@Payload() message: unknown) {
    const { dryRun } = parseRequest(z.object({ dryRun: z.boolean() }), message);
    return dryRun ? this.rebuild.plan() : this.rebuild.start();
  }

  @MessagePattern(AuditPatterns.rebuildStatus)
  rebuildStatus() {
    return this.rebuild.status();
  }

  @MessagePattern(AuditPatterns.compareEvents)
  async compareEvents(@Payload() message: unknown): Promise<AuditCompareResult> {
    const { events } = parseRequest(compareSchema, message);
    return compareWithTrail(await this.live.current(), events as EventEnvelope[]);
  }

  @MessagePattern(AuditPatterns.countEntries)
  async countEntries(): Promise<AuditEntryCount> {
    return { entries: await countEntries(await this.live.current()) };
  }
}
