import type { mongo } from 'mongoose';

import type { EventEnvelope } from '@coffer/contracts';
import type { Projection } from '@coffer/event-sourcing';

import type { AuditEntryDocument } from './audit-entry';
import { describeEvent, type KnownPerson } from './describe-event';

interface PersonDocument extends KnownPerson {
  _id: string;
}

/**
 * Projects every domain event into at most one audit entry, keyed by the event id, so a
 * redelivered or replayed event adds nothing. Who is who comes from identity's events.
 */
export class AuditProjection implements Projection {
  readonly name = 'audit-trail';
  readonly entries: mongo.Collection<AuditEntryDocument>;
  private readonly people: mongo.Collection<PersonDocument>;

  constructor(db: mongo.Db, collectionSuffix = '') {
    this.entries = db.collection<AuditEntryDocument>(`audit_entries${collectionSuffix}`);
    this.people = db.collection<PersonDocument>(`audit_people${collectionSuffix}`);
  }

  async ensureIndexes(): Promise<void> {
    await this.entries.createIndex({ orgId: 1, occurredAt: -1, _id: -1 });
    await this.entries.createIndex({ orgId: 1, trail: 1, activityType: 1, occurredAt: -1 });
  }

  async apply(event: EventEnvelope): Promise<void> {
    if (event.type === 'identity.administrator.created' || event.type === 'identity.user.created') {
      const { email, name } = event.payload as KnownPerson;
      await this.people.updateOne(
        { _id: event.aggregate.id },
        { $set: { email, name } },
        { upsert: true },
      );
    }
    const ids = [event.actor.id, event.aggregate.id].filter((id): id is string => Boolean(id));
    const known = await this.people.find({ _id: { $in: ids } }).toArray();
    const entry = describeEvent(
      event,
      new Map(known.map(({ _id, email, name }) => [_id, { email, name }])),
    );
    if (!entry) return;
    try {
      await this.entries.insertOne(entry);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
}
