import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';

import { AuditPatterns, type AuditTrailPage } from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import { AuditProjection } from './trail/audit-projection';
import { queryAuditTrail } from './trail/audit-trail-query';

const trailQuerySchema = z.object({
  orgId: z.string().min(1),
  trail: z.enum(['admin', 'user', 'system']).optional(),
  activityType: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
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
}
