import type { AuditTrail, AuditTrailQuery } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';
import { hiddenActivityTypes } from './audit-visibility';
import { administratorOf, parseCountKey } from './bucket-counts';
import { type Period, TRAILS } from './trail-buckets';
import type { Lane } from './trail-lanes';

/**
 * A query's filters, once for entries and once for counts: what the reader may see (the
 * organisation is in every id read, the viewer's role hides activity types), trail, activity
 * type, administrator, period, and free text (entries only: counts cannot answer it).
 */
export class TrailFilter {
  readonly trails: readonly AuditTrail[];
  readonly period: Period;
  readonly text?: RegExp;
  /** With an administrator named, the only lanes that can hold a match: theirs on each trail. */
  readonly pinnedLanes?: readonly Lane[];
  private readonly hidden: ReadonlySet<string>;
  private readonly keyMatches = new Map<string, boolean>();

  constructor(private readonly query: Omit<AuditTrailQuery, 'limit' | 'cursor'>) {
    this.trails = query.trail ? [query.trail] : TRAILS;
    this.hidden = new Set(hiddenActivityTypes(query.viewerRole));
    this.period = {
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
    };
    const administratorId = query.administratorId;
    if (administratorId)
      this.pinnedLanes = this.trails.map((trail) => ({ trail, administratorId }));
    const text = query.q?.trim();
    if (text) this.text = new RegExp(escapeRegExp(text), 'i');
  }

  get orgId(): string {
    return this.query.orgId;
  }

  /** Whether the entries counted under this key pass every filter but the period and the text. */
  readonly countedMatches = (key: string): boolean => {
    let matches = this.keyMatches.get(key);
    if (matches === undefined) {
      const { trail, activityType, administratorId } = parseCountKey(key);
      matches = this.accepts(trail, activityType, administratorId);
      this.keyMatches.set(key, matches);
    }
    return matches;
  };

  /** Every filter, on one entry. */
  matches(entry: AuditEntryDocument): boolean {
    const at = entry.occurredAt.getTime();
    if (this.period.from && at < this.period.from.getTime()) return false;
    if (this.period.to && at >= this.period.to.getTime()) return false;
    if (!this.accepts(entry.trail, entry.activityType, administratorOf(entry))) return false;
    return (
      !this.text ||
      this.text.test(entry.description) ||
      this.text.test(entry.actor.email ?? '') ||
      this.text.test(entry.target?.label ?? '')
    );
  }

  private accepts(trail: AuditTrail, activityType: string, administratorId?: string): boolean {
    if (this.hidden.has(activityType)) return false;
    if (!this.trails.includes(trail)) return false;
    if (this.query.activityType && activityType !== this.query.activityType) return false;
    return !this.query.administratorId || administratorId === this.query.administratorId;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
