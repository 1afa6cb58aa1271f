import type { mongo } from 'mongoose';

import type { EventEnvelope } from '@coffer/contracts';
import type { Projection } from '@coffer/event-sourcing';

import { AuditProjection } from './audit-projection';

interface TrailPointerDocument {
  _id: 'audit-trail';
  /** Suffix of the live collections: '' for `audit_entries`, `_r…` after a rebuild. */
  suffix: string;
  switchedAt: Date;
}

/** Every replica notices a switch within this long; a rebuild waits longer before its last catch-up. */
export const POINTER_REFRESH_MS = 1_000;

/**
 * Which copy of the audit trail is live. Queries and the live consumer both go through here,
 * so a rebuilt copy replaces the old one for reads and writes with one document update.
 */
export class LiveTrail implements Projection {
  readonly name = 'audit-trail';
  private readonly pointers: mongo.Collection<TrailPointerDocument>;
  private cached?: { projection: AuditProjection; suffix: string; readAt: number };

  constructor(private readonly db: mongo.Db) {
    this.pointers = db.collection<TrailPointerDocument>('projection_pointers');
  }

  async current(): Promise<AuditProjection> {
    const now = Date.now();
    if (this.cached && now - this.cached.readAt < POINTER_REFRESH_MS) return this.cached.projection;
    const suffix = (await this.pointers.findOne({ _id: 'audit-trail' }))?.suffix ?? '';
    if (this.cached?.suffix !== suffix) {
      this.cached = { projection: new AuditProjection(this.db, suffix), suffix, readAt: now };
    } else {
      this.cached.readAt = now;
    }
    return this.cached.projection;
  }

  async liveSuffix(): Promise<string> {
    return (await this.pointers.findOne({ _id: 'audit-trail' }))?.suffix ?? '';
  }

  async apply(event: EventEnvelope): Promise<void> {
    await (await this.current()).apply(event);
  }

  /** A chunk of the live consumer's events, appended at once to whichever copy is live. */
  async applyBatch(events: readonly EventEnvelope[]): Promise<void> {
    await (await this.current()).applyBatch(events);
  }

  /** Makes another copy live, for every replica within POINTER_REFRESH_MS. */
  async switchTo(suffix: string): Promise<void> {
    await this.pointers.updateOne(
      { _id: 'audit-trail' },
      { $set: { suffix, switchedAt: new Date() } },
      { upsert: true },
    );
    this.cached = undefined;
  }
}
