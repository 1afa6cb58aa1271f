import type { mongo } from 'mongoose';

import type { AuditEntryView, AuditTrailPage, AuditTrailQuery } from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import type { AuditEntryDocument } from './audit-entry';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

/** Newest first, always within one organisation, paged by an opaque cursor. */
export async function queryAuditTrail(
  entries: mongo.Collection<AuditEntryDocument>,
  query: AuditTrailQuery,
): Promise<AuditTrailPage> {
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const filter: mongo.Filter<AuditEntryDocument> = { orgId: query.orgId };
  if (query.trail) filter.trail = query.trail;
  if (query.activityType) filter.activityType = query.activityType;
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    filter.$or = [
      { occurredAt: { $lt: after.occurredAt } },
      { occurredAt: after.occurredAt, _id: { $lt: after.id } },
    ];
  }
  const page = await entries
    .find(filter)
    .sort({ occurredAt: -1, _id: -1 })
    .limit(limit + 1)
    .toArray();
  const hasMore = page.length > limit;
  const shown = page.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    entries: shown.map(toView),
    nextCursor: hasMore && last ? encodeCursor(last.occurredAt, last._id) : null,
  };
}

function toView(entry: AuditEntryDocument): AuditEntryView {
  return {
    id: entry._id,
    orgId: entry.orgId,
    occurredAt: entry.occurredAt.toISOString(),
    trail: entry.trail,
    activityType: entry.activityType,
    action: entry.action,
    actor: {
      type: entry.actor.type,
      id: entry.actor.id,
      email: entry.actor.email,
      name: entry.actor.name,
    },
    ...(entry.target ? { target: entry.target } : {}),
    description: entry.description,
    details: entry.details,
  };
}

function encodeCursor(occurredAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([occurredAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  try {
    const [occurredAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      string,
      string,
    ];
    const date = new Date(occurredAt);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return { occurredAt: date, id };
  } catch {
    throw new ServiceError(
      'invalid-cursor',
      'The page cursor is not valid; start again from the first page.',
    );
  }
}
