import { Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

import { AuditPatterns, type AuditTrailPage } from '@coffer/contracts';

import { callBackend } from '../backend/backend-call';
import { BackendClients } from '../backend/backend-clients';
import { parseQuery } from '../errors/parse-input';
import type { AuthenticatedRequest } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';

const auditTrailQuerySchema = z.object({
  trail: z.enum(['admin', 'user', 'system']).optional(),
  activityType: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
});

@ConsoleController('audit-trail', 'audit')
export class AuditTrailController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @ApiOperation({ summary: "The caller's organisation's audit trail, newest first" })
  @ApiQuery({ name: 'trail', required: false, enum: ['admin', 'user', 'system'] })
  @ApiQuery({ name: 'activityType', required: false })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false })
  list(@Req() request: AuthenticatedRequest, @Query() query: unknown): Promise<AuditTrailPage> {
    const filters = parseQuery(auditTrailQuerySchema, query);
    // The organisation always comes from the caller, never from the request.
    return callBackend(this.backends, 'audit', AuditPatterns.queryTrail, {
      ...filters,
      orgId: request.principal.orgId,
    });
  }
}
