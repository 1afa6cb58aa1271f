import type { mongo } from 'mongoose';

import type {
  AuditEntryRequest,
  AuditEntryView,
  AuditTrailPage,
  AuditTrailQuery,
} from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import type { AuditEntryDocument } from './audit-entry';
import { hiddenActivityTypes } from './audit-visibility';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

/** Newest first, always within one organisation and what the reader may see, paged by an opaque cursor. */
export async function queryAuditTrail(
  entries: mongo.Collection<AuditEntryDocument>,
  query: AuditTrailQuery,
): Promise<AuditTrailPage> {
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const filter = filterOf(query);
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const paged: mongo.Filter<AuditEntryDocument> = after
    ? { $and: [filter, afterCursor(after)] }
    : filter;
  // The total is counted for the first page and carried in the cursor: counting scans every
  // matching entry (on FerretDB, every entry), once per listing is enough.
  const [page, total] = await Promise.all([
    entries
      .find(paged)
      .sort({ occurredAt: -1, _id: -1 })
      .limit(limit + 1)
      .toArray(),
    after ? after.total : entries.countDocuments(filter),
  ]);
  const hasMore = page.length > limit;
  const shown = page.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    entries: shown.map(toView),
    total,
    nextCursor: hasMore && last ? encodeCursor(last.occurredAt, last._id, total) : null,
  };
}

/** One entry with all its details (the download link of an export), or not-found. */
export async function getAuditEntry(
  entries: mongo.Collection<AuditEntryDocument>,
  request: AuditEntryRequest,
): Promise<AuditEntryView> {
  const entry = await entries.findOne({ _id: request.entryId });
  if (
    !entry ||
    entry.orgId !== request.orgId ||
    hiddenActivityTypes(request.viewerRole).includes(entry.activityType)
  ) {
    throw new ServiceError('audit-entry-not-found', 'There is no such audit entry.');
  }
  return toView(entry);
}

function filterOf(query: AuditTrailQuery): mongo.Filter<AuditEntryDocument> {
  const conditions: mongo.Filter<AuditEntryDocument>[] = [{ orgId: query.orgId }];
  if (query.trail) conditions.push({ trail: query.trail });
  const hidden = hiddenActivityTypes(query.viewerRole);
  if (query.activityType) {
    conditions.push({
      activityType: hidden.includes(query.activityType) ? { $in: [] } : query.activityType,
    });
  } else if (hidden.length > 0) {
    conditions.push({ activityType: { $nin: hidden } });
  }
  if (query.administratorId) {
    conditions.push({
      'actor.id': query.administratorId,
      'actor.type': { $in: ['administrator', 'api-token'] },
    });
  }
  if (query.from) conditions.push({ occurredAt: { $gte: new Date(query.from) } });
  if (query.to) conditions.push({ occurredAt: { $lt: new Date(query.to) } });
  if (query.q) {
    const pattern = new RegExp(escapeRegExp(query.q.trim()), 'i');
    conditions.push({
      $or: [{ description: pattern }, { 'actor.email': pattern }, { 'target.label': pattern }],
    });
  }
  return conditions.length === 1 ? conditions[0] : { $and: conditions };
}

function afterCursor(after: Cursor): mongo.Filter<AuditEntryDocument> {
  return {
    $or: [
      { occurredAt: { $lt: after.occurredAt } },
      { occurredAt: after.occurredAt, _id: { $lt: after.id } },
    ],
  };
}

function toView(entry: AuditEntryDocument): AuditEntryView {
  const { type, id, email, name, ip, userAgent } = entry.actor;
  return {
    id: entry._id,
    orgId: entry.orgId,
    occurredAt: entry.occurredAt.toISOString(),
    trail: entry.trail,
    activityType: entry.activityType,
    action: entry.action,
    actor: {
      type,
      ...(id ? { id } : {}),
      ...(email ? { email } : {}),
      ...(name ? { name } : {}),
      ...(ip ? { ip } : {}),
      ...(userAgent ? { userAgent } : {}),
    },
    ...(entry.target ? { target: entry.target } : {}),
    description: entry.description,
    details: entry.details,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where the previous page ended, and the listing's total. */
interface Cursor {
  occurredAt: Date;
  id: string;
  total: number;
}

function encodeCursor(occurredAt: Date, id: string, total: number): string {
  return Buffer.from(JSON.stringify([occurredAt.toISOString(), id, total])).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [occurredAt, id, total] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as [string, string, number];
    const date = new Date(occurredAt);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string' || !Number.isInteger(total))
      throw new Error('bad cursor');
    return { occurredAt: date, id, total };
  } catch {
    throw new ServiceError(
      'invalid-cursor',
      'The page cursor is not valid; start again from the first page.',
    );
  }
}
