import type { AuditEntryDocument } from './audit-entry';
import type { AuditProjection } from './audit-projection';
import { entryKey } from './trail-buckets';

/** One entry by its event id, within one organisation: its claim names the segment that holds it. */
export async function findEntry(
  trail: AuditProjection,
  orgId: string,
  entryId: string,
): Promise<AuditEntryDocument | undefined> {
  const claim = await trail.claims.findOne({ _id: entryId });
  if (!claim) return undefined;
  const segment = await trail.segments.findOne({ _id: claim.segment });
  const entry = segment?.entries[entryKey(entryId)];
  return entry?.orgId === orgId ? entry : undefined;
}
