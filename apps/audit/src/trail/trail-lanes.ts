import type { AuditTrail } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';
import { administratorOf } from './bucket-counts';

/**
 * Which lane of its trail an entry is stored in: the administrator who acted (session, password
 * or API token), or none. An hour's entries are kept per lane, so the seed's query (one
 * administrator's actions of a kind over a period) reads that administrator's few entries of
 * each hour instead of everyone's: at a million entries over 180 days an administrator's lane
 * holds ~17 entries an hour where the trail holds ~170.
 */
export interface Lane {
  trail: AuditTrail;
  administratorId?: string;
}

export function laneOf(entry: AuditEntryDocument): Lane {
  const administratorId = administratorOf(entry);
  return administratorId ? { trail: entry.trail, administratorId } : { trail: entry.trail };
}

/** `<trail>-<administrator id, escaped, or nothing>`: a plain field name and a part of an `_id`. */
export function laneKey(lane: Lane): string {
  return `${lane.trail}-${escapePart(lane.administratorId ?? '')}`;
}

export function laneOfKey(key: string): Lane {
  const match = /^(admin|user|system)-(.*)$/.exec(key);
  if (!match) throw new Error(`not a lane key: ${key}`);
  const administratorId = decodeURIComponent(match[2]);
  return administratorId
    ? { trail: match[1] as AuditTrail, administratorId }
    : { trail: match[1] as AuditTrail };
}

function escapePart(part: string): string {
  return encodeURIComponent(part).replace(/\./g, '%2E');
}
