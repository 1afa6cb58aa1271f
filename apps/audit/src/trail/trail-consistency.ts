import type { AuditCompareResult, EventEnvelope } from '@coffer/contracts';

import type { AuditProjection } from './audit-projection';
import { describeEvent } from './describe-event';

/**
 * For `ops check`: which of these events the trail should show (the same rule the projection
 * applies) and which of those have no entry. Entries are keyed by event id, so one `$in` by
 * `_id` answers it.
 */
export async function compareWithTrail(
  trail: AuditProjection,
  events: EventEnvelope[],
): Promise<AuditCompareResult> {
  const audited = events.filter((event) => describeEvent(event, new Map()) !== undefined);
  const found = new Set(
    (
      await trail.entries
        .find({ _id: { $in: audited.map((event) => event.id) } })
        .project<{ _id: string }>({ _id: 1 })
        .toArray()
    ).map((entry) => entry._id),
  );
  return {
    audited: audited.length,
    missing: audited
      .filter((event) => !found.has(event.id))
      .map((event) => ({ id: event.id, type: event.type })),
  };
}
