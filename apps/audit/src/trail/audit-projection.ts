import type { mongo } from 'mongoose';

import { type EventEnvelope, isIdentityEvent } from '@coffer/contracts';
import type { Projection } from '@coffer/event-sourcing';

import type { AuditEntryDocument } from './audit-entry';
import { bulkWriteInSlices } from './bulk-writes';
import { describeEvent, type KnownPerson } from './describe-event';
import { LaneDayCache } from './lane-day-cache';
import { type HourEntries, SegmentAppender, type SegmentState } from './segment-appender';
import { SegmentCache } from './segment-cache';
import { bucketStart, segmentId } from './trail-buckets';
import type { ClaimDocument, SegmentDocument, SummaryDocument } from './trail-documents';
import { laneOf } from './trail-lanes';
import { TrailSummaries } from './trail-summaries';

interface PersonDocument extends KnownPerson {
  _id: string;
}

/** Events whose aggregate is a person the entry names (the others' ids are not looked up). */
const PERSON_AGGREGATES = new Set(['user', 'administrator']);
const REMEMBERED_PEOPLE = 50_000;
/** Entries of a batch appended in one go (a rebuild's and the benchmark's batches hold 10,000). */
const PART_ENTRIES = 2_500;
const PARTS_IN_FLIGHT = 2;

/** The collections of one copy of the trail (a rebuild writes another beside the live one). */
export const TRAIL_COLLECTIONS = [
  'audit_segments',
  'audit_claims',
  'audit_summaries',
  'audit_people',
] as const;

/**
 * Projects every domain event into at most one audit entry, stored in the segment of its
 * organisation, lane and hour (`audit_segments`, the segment chosen once by the event's claim
 * in `audit_claims`), whose counts are carried up into lane-day, day, month and organisation summaries
 * (`audit_summaries`) for the trail's pages and totals; every read and write names its
 * document by `_id` alone. Applying an event twice adds nothing; a crash between the steps is
 * completed by the redelivery. Who is who comes from identity's events.
 */
export class AuditProjection implements Projection {
  readonly name = 'audit-trail';
  readonly segments: mongo.Collection<SegmentDocument>;
  readonly claims: mongo.Collection<ClaimDocument>;
  readonly summaries: TrailSummaries;
  readonly segmentCache = new SegmentCache();
  readonly laneDayCache = new LaneDayCache();
  private readonly people: mongo.Collection<PersonDocument>;
  private readonly appender: SegmentAppender;
  /** People only ever get their first name and email (created events), so what was read stays true. */
  private readonly known = new Map<string, KnownPerson>();

  constructor(db: mongo.Db, collectionSuffix = '') {
    const [segments, claims, summaries, people] = TRAIL_COLLECTIONS.map(
      (name) => `${name}${collectionSuffix}`,
    );
    this.segments = db.collection<SegmentDocument>(segments);
    this.claims = db.collection<ClaimDocument>(claims);
    this.summaries = new TrailSummaries(db.collection<SummaryDocument>(summaries));
    this.people = db.collection<PersonDocument>(people);
    this.appender = new SegmentAppender(this.segments, this.claims);
  }

  async apply(event: EventEnvelope): Promise<void> {
    await this.applyBatch([event]);
  }

  /** Events in the order they were read; the same as applying them one by one, in fewer writes. */
  async applyBatch(events: readonly EventEnvelope[]): Promise<void> {
    await this.learnPeople(events);
    const people = await this.peopleNamedBy(events);
    const byHour = new Map<string, AuditEntryDocument[]>();
    for (const event of events) {
      const entry = describeEvent(event, people);
      if (!entry) continue;
      const hour = segmentId(entry.orgId, laneOf(entry), bucketStart(entry.occurredAt), 0);
      const group = byHour.get(hour);
      if (group) group.push(entry);
      else byHour.set(hour, [entry]);
    }
    const groups = [...byHour.values()].map((entries) => ({
      orgId: entries[0].orgId,
      lane: laneOf(entries[0]),
      start: bucketStart(entries[0].occurredAt),
      entries,
    }));
    // A large batch goes in parts, two at a time: while one part's segments are written, the
    // next part's claims are (two collections, which the engine writes side by side).
    const parts = partsOf(groups);
    const written: SegmentState[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(PARTS_IN_FLIGHT, parts.length) }, async () => {
        while (next < parts.length) written.push(...(await this.appender.appendAll(parts[next++])));
      }),
    );
    await this.summaries.record(written);
  }

  /** The people identity's created events introduce, in one bulk write (slices FerretDB takes). */
  private async learnPeople(events: readonly EventEnvelope[]): Promise<void> {
    const people = new Map<string, KnownPerson>();
    for (const event of events) {
      if (!isIdentityEvent(event)) continue;
      if (event.type !== 'identity.administrator.created' && event.type !== 'identity.user.created')
        continue;
      const { email, name } = event.payload;
      people.set(event.aggregate.id, { email, name });
    }
    const writes = [...people].map(([_id, { email, name }]) => ({
      updateOne: { filter: { _id }, update: { $set: { email, name } }, upsert: true },
    }));
    await bulkWriteInSlices(this.people, writes);
  }

  /** The people these events name (actors, and the person an event is about), one read each by `_id`. */
  private async peopleNamedBy(events: readonly EventEnvelope[]): Promise<Map<string, KnownPerson>> {
    const ids = new Set<string>();
    for (const event of events) {
      if (event.actor.id) ids.add(event.actor.id);
      if (PERSON_AGGREGATES.has(event.aggregate.type)) ids.add(event.aggregate.id);
    }
    return this.peopleByIds([...ids]);
  }

  /**
   * The people of these ids that the trail has learnt, one read each by `_id` (remembered after).
   * Queries ask too: an entry projected before its actor's created event (another partition) has
   * no actor name, and gets it when it is read.
   */
  async peopleByIds(ids: readonly string[]): Promise<Map<string, KnownPerson>> {
    const people = new Map<string, KnownPerson>();
    await Promise.all(
      ids.map(async (id) => {
        let person = this.known.get(id);
        if (!person) {
          const found = await this.people.findOne({ _id: id });
          if (!found) return;
          person = { email: found.email, name: found.name };
          if (this.known.size >= REMEMBERED_PEOPLE) this.known.clear();
          this.known.set(id, person);
        }
        people.set(id, person);
      }),
    );
    return people;
  }
}

/** Consecutive hours' groups, about PART_ENTRIES entries a part. */
function partsOf(groups: HourEntries[]): HourEntries[][] {
  const parts: HourEntries[][] = [];
  let part: HourEntries[] = [];
  let entries = 0;
  for (const group of groups) {
    part.push(group);
    entries += group.entries.length;
    if (entries >= PART_ENTRIES) {
      parts.push(part);
      part = [];
      entries = 0;
    }
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
