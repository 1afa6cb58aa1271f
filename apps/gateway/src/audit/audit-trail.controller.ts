import { applyDecorators, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';

import {
  AUDIT_ACTIVITY_TYPE_NAMES,
  AuditMessages,
  auditTrailFiltersSchema,
  auditTrailPagingSchema,
  type AuditViewerRole,
  type RequestOf,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { parseQuery } from '../errors/parse-input';
import { administratorOf, type AuthenticatedRequest } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { auditCsvRows } from './audit-csv';

/** The message's filters, as a query string says them: `administratorId=all` is no filter. */
const filtersSchema = auditTrailFiltersSchema
  .extend({
    administratorId: auditTrailFiltersSchema.shape.administratorId.transform((id) =>
      id === 'all' ? undefined : id,
    ),
  })
  .refine(
    (filters) => !filters.from || !filters.to || new Date(filters.from) < new Date(filters.to),
    {
      message: 'from must be before to',
    },
  );

/** A query string carries the limit as text. */
const pageSchema = auditTrailPagingSchema.extend({
  limit: z.coerce.number().pipe(auditTrailPagingSchema.shape.limit.unwrap()).optional(),
});

type TrailQuery = Omit<RequestOf<typeof AuditMessages.queryTrail>, 'orgId' | 'viewerRole'>;

/** The filters, documented once for the list and the CSV export. */
function FilterQueries() {
  return applyDecorators(
    ApiQuery({ name: 'trail', required: false, enum: ['admin', 'user', 'system'] }),
    ApiQuery({ name: 'activityType', required: false, enum: AUDIT_ACTIVITY_TYPE_NAMES }),
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
    return this.backends.send(AuditMessages.getEntry, {
      orgId: request.principal.orgId,
      viewerRole: viewerRoleOf(request),
      entryId: entryId.slice(0, 100),
    });
  }

  private page(request: AuthenticatedRequest, query: TrailQuery) {
    return this.backends.send(AuditMessages.queryTrail, {
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
