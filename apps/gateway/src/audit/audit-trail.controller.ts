import { applyDecorators, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';

import {
  AuditPatterns,
  type AuditEntryView,
  type AuditTrailPage,
  type AuditViewerRole,
} from '@coffer/contracts';

import { callBackend } from '../backend/backend-call';
import { BackendClients } from '../backend/backend-clients';
import { parseQuery } from '../errors/parse-input';
import { administratorOf, type AuthenticatedRequest } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { auditCsvRows } from './audit-csv';

const isoInstant = z.string().datetime({
  offset: true,
  message: 'must be an ISO 8601 date and time, e.g. 2026-11-23T00:00:00Z',
});

const filtersSchema = z
  .object({
    trail: z.enum(['admin', 'user', 'system']).optional(),
    activityType: z.string().max(100).optional(),
    administratorId: z
      .string()
      .max(100)
      .optional()
      .transform((id) => (id === 'all' ? undefined : id)),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    q: z.string().max(200).optional(),
  })
  .refine(
    (filters) => !filters.from || !filters.to || new Date(filters.from) < new Date(filters.to),
    {
      message: 'from must be before to',
    },
  );

const pageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
});

/** The filters, documented once for the list and the CSV export. */
function FilterQueries() {
  return applyDecorators(
    ApiQuery({ name: 'trail', required: false, enum: ['admin', 'user', 'system'] }),
    ApiQuery({
      name: 'activityType',
      required: false,
      description:
        'sign-in, user-management, administrator-management, profile-management, sso-settings, api-tokens, restore-download-share, organization-management',
    }),
    ApiQuery({
      name: 'administratorId',
      required: false,
      description: "an administrator's id, or all",
    }),
    ApiQuery({ name: 'from', required: false, description: 'ISO 8601, inclusive' }),
    ApiQuery({ name: 'to', required: false, description: 'ISO 8601, exclusive' }),
    ApiQuery({
      name: 'q',
      required: false,
      description: 'text in the description, actor email or target',
    }),
  );
}

/**
 * Audit Trails. The organisation always comes from the caller, never from the request; a
 * product administrator does not see administrator management and SSO settings (the audit
 * service decides). A filtered view is a URL: the query string is the whole state.
 */
@ConsoleController('audit-trail', 'audit')
export class AuditTrailController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @ApiOperation({
    summary: "The caller's organisation's audit trail, newest first, with the total",
  })
  @FilterQueries()
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false })
  list(@Req() request: AuthenticatedRequest, @Query() query: Record<string, unknown>) {
    const filters = parseQuery(filtersSchema, withoutPaging(query));
    const page = parseQuery(pageSchema, { limit: query.limit, cursor: query.cursor });
    return this.page(request, { ...filters, ...page });
  }

  @Get('csv')
  @ApiProduces('text/csv')
  @FilterQueries()
  @ApiOperation({ summary: 'The filtered trail as CSV, streamed page by page (same filters)' })
  async csv(
    @Req() request: AuthenticatedRequest,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const filters = parseQuery(filtersSchema, withoutPaging(query));
    let page = await this.page(request, { ...filters, limit: 500 });
    response
      .status(200)
      .type('text/csv; charset=utf-8')
      .set(
        'content-disposition',
        `attachment; filename="audit-trail-${new Date().toISOString().slice(0, 10)}.csv"`,
      );
    let first = true;
    for (;;) {
      if (!response.write(auditCsvRows(page.entries, first)))
        await new Promise((resolve) => response.once('drain', resolve));
      first = false;
      if (!page.nextCursor || response.destroyed) break;
      page = await this.page(request, { ...filters, limit: 500, cursor: page.nextCursor });
    }
    response.end();
  }

  @Get(':entryId')
  @ApiOperation({ summary: 'One entry with all its details (for an export: the download link)' })
  entry(@Req() request: AuthenticatedRequest, @Param('entryId') entryId: string) {
    return callBackend<AuditEntryView>(this.backends, 'audit', AuditPatterns.getEntry, {
      orgId: request.principal.orgId,
      viewerRole: viewerRoleOf(request),
      entryId: entryId.slice(0, 100),
    });
  }

  private page(request: AuthenticatedRequest, query: Record<string, unknown>) {
    return callBackend<AuditTrailPage>(this.backends, 'audit', AuditPatterns.queryTrail, {
      ...query,
      orgId: request.principal.orgId,
      viewerRole: viewerRoleOf(request),
    });
  }
}

function viewerRoleOf(request: AuthenticatedRequest): AuditViewerRole {
  return administratorOf(request).role;
}

function withoutPaging(query: Record<string, unknown>): Record<string, unknown> {
  const { limit: _limit, cursor: _cursor, ...filters } = query;
  return filters;
}
