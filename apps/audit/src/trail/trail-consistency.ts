import type { AuditCompareResult, EventEnvelope } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';
import type { AuditProjection } from './audit-projection';
import { describeEvent } from './describe-event';
import { bucketStart, segmentId } from './trail-buckets';

/**
 * For `ops check`: which of these events the trail should show (the same rule the projection
 * applies) and which of those no segment of their organisation, trail and hour holds, found by
 * `_id` from the event itself.
 */
export async function compareWithTrail(
  trail: AuditProjection,
  events: EventEnvelope[],
): Promise<AuditCompareResult> {
  const audited = events.flatMap((event) => {
    const entry = describeEvent(event, new Map());
    return entry ? [{ event, entry }] : [];
  });
  const inSegments = await heldInSegments(
    trail,
    audited.map(({ entry }) => entry),
  );
  return {
    audited: audited.length,
    missing: audited
      .filter(({ event }) => !inSegments.has(event.id))
      .map(({ event }) => ({ id: event.id, type: event.type })),
  };
}

/** The ids held by the segments of these entries' hours. */
async function heldInSegments(
  trail: AuditProjection,
  entries: AuditEntryDocument[],
): Promise<Set<string>> {
  const hours = new Map<string, AuditEntryDocument>();
  for (const entry of entries)
    hours.set(segmentId(entry.orgId, entry.trail, bucketStart(entry.occurredAt), 0), entry);
  const held = new Set<string>();
  await Promise.all(
    [...hours.values()].map(async ({ orgId, trail: name, occurredAt }) => {
      for (let segment = 0; ; segment++) {
        const found = await trail.segments.findOne(
          { _id: segmentId(orgId, name, bucketStart(occurredAt), segment) },
          { projection: { ids: 1 } },
        );
        // Segments open in order: the first one missing is past the last.
        if (!found) return;
        for (const id of found.ids) held.add(id);
      }
    }),
  );
  return held;
}

/** Entries the trail holds in all, as its segments say (what `ops check` calls unexplained is the surplus). */
export async function countEntries(trail: AuditProjection): Promise<number> {
  let entries = 0;
  for await (const segment of trail.segments.find({}, { projection: { ids: 1 } }))
    entries += segment.ids.length;
  return entries;
}
