import type { AuditTrail } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';
import type { AuditProjection } from './audit-projection';
import { bucketStart, segmentId, TRAILS } from './trail-buckets';

/** How long before its id an event may have occurred (the store stamps the time, then makes ids). */
const ID_AFTER_EVENT_MS = 60_000;

/**
 * The hours an entry may be in, from its event id alone: event ids are UUIDv7, whose first 48
 * bits are the millisecond they were made, and the event store makes them right after stamping
 * the event's time. None for an id that is not a UUIDv7.
 */
export function hoursOfEventId(id: string): Date[] {
  const match = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.exec(
    id,
  );
  if (!match) return [];
  const madeAt = parseInt(`${match[1]}${match[2]}`, 16);
  const hours = [bucketStart(new Date(madeAt))];
  const earliest = bucketStart(new Date(madeAt - ID_AFTER_EVENT_MS));
  if (earliest.getTime() !== hours[0].getTime()) hours.push(earliest);
  return hours;
}

/** One entry by its event id, within one organisation: read from the segments of its hour. */
export async function findEntry(
  trail: AuditProjection,
  orgId: string,
  entryId: string,
): Promise<AuditEntryDocument | undefined> {
  const candidates: { start: Date; trail: AuditTrail }[] = hoursOfEventId(entryId).flatMap(
    (start) => TRAILS.map((name) => ({ start, trail: name })),
  );
  const found = await Promise.all(
    candidates.map(async ({ start, trail: name }) => {
      for (let segment = 0; ; segment++) {
        const holding = await trail.segments.findOne(
          { _id: segmentId(orgId, name, start, segment) },
          { projection: { ids: 1 } },
        );
        if (!holding) return undefined;
        if (!holding.ids.includes(entryId)) continue;
        const { entries } =
          (await trail.segments.findOne(
            { _id: segmentId(orgId, name, start, segment) },
            { projection: { entries: 1 } },
          )) ?? {};
        return entries?.find((entry) => entry._id === entryId);
      }
    }),
  );
  return found.find((entry) => entry !== undefined);
}
