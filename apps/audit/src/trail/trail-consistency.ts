import type { AuditCompareResult, EventEnvelope } from '@coffer/contracts';

import type { AuditProjection } from './audit-projection';
import { describeEvent } from './describe-event';
import { entryKey } from './trail-buckets';

/**
 * For `ops check`: which of these events the trail should show (the same rule the projection
 * applies) and which of those the trail does not hold: no claim, or no entry in the segment the
 * claim names. Claims are read by `_id` (`$in`), segments by `_id`.
 */
export async function compareWithTrail(
  trail: AuditProjection,
  events: EventEnvelope[],
): Promise<AuditCompareResult> {
  const audited = events.filter((event) => describeEvent(event, new Map()) !== undefined);
  const claims = await trail.claims
    .find({ _id: { $in: audited.map((event) => event.id) } })
    .toArray();
  const held = new Set<string>();
  await Promise.all(
    [...new Set(claims.map((claim) => claim.segment))].map(async (id) => {
      const segment = await trail.segments.findOne({ _id: id });
      for (const key of Object.keys(segment?.entries ?? {})) held.add(key);
    }),
  );
  return {
    audited: audited.length,
    missing: audited
      .filter((event) => !held.has(entryKey(event.id)))
      .map((event) => ({ id: event.id, type: event.type })),
  };
}

/** Entries the trail holds in all, as its segments say (what `ops check` calls unexplained is the surplus). */
export async function countEntries(trail: AuditProjection): Promise<number> {
  let entries = 0;
  for await (const segment of trail.segments.find({}))
    entries += Object.keys(segment.entries).length;
  return entries;
}
