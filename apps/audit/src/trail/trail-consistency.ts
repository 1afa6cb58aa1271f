import type { AuditCompareResult, EventEnvelope } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';
import type { AuditProjection } from './audit-projection';
import { describeEvent } from './describe-event';
import { bucketStart, segmentId } from './trail-buckets';

/**
 * For `ops check`: which of these events the trail should show (the same rule the projection
 * applies) and which of those it does not: no entry under the event id, or none in the segments
 * of its organisation, trail and hour (what the trail's pages read). Both are found by `_id`.
 */
export async function compareWithTrail(
  trail: AuditProjection,
  events: EventEnvelope[],
): Promise<AuditCompareResult> {
  const audited = events.flatMap((event) => {
    const entry = describeEvent(event, new Map());
    return entry ? [{ event, entry }] : [];
  });
  const stored = new Set(
    (
      await trail.entries
        .find({ _id: { $in: audited.map(({ event }) => event.id) } })
        .project<{ _id: string }>({ _id: 1 })
        .toArray()
    ).map((entry) => entry._id),
  );
  const inSegments = await heldInSegments(
    trail,
    audited.map(({ entry }) => entry),
  );
  return {
    audited: audited.length,
    missing: audited
      .filter(({ event }) => !stored.has(event.id) || !inSegments.has(event.id))
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
