import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';

import { AuditPatterns, type AuditEntryView, type AuditTrailPage } from '@coffer/contracts';
import { parseRequest, ServiceError } from '@coffer/service-kit';

import { AuditProjection } from './trail/audit-projection';
import { getAuditEntry, queryAuditTrail } from './trail/audit-trail-query';

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

@Controller()
export class AuditController {
  constructor(@Inject(AuditProjection) private readonly projection: AuditProjection) {}

  @MessagePattern(AuditPatterns.queryTrail)
  queryTrail(@Payload() message: unknown): Promise<AuditTrailPage> {
    const parsed = trailQuerySchema.safeParse(message);
    if (!parsed.success)
      throw new ServiceError('invalid-request', parsed.error.issues[0]?.message ?? 'invalid query');
    return queryAuditTrail(this.projection.entries, parsed.data);
  }

  @MessagePattern(AuditPatterns.getEntry)
  getEntry(@Payload() message: unknown): Promise<AuditEntryView> {
    return getAuditEntry(this.projection.entries, parseRequest(entrySchema, message));
  }
}
