import type { mongo } from 'mongoose';

import type { EventEnvelope, ProjectedDifference } from '@coffer/contracts';

/**
 * A read model this service folds from another service's events: one document per aggregate
 * of that service (`_id` = aggregate id) holding the version of the last event it applied.
 */
export interface ProjectedReadModel {
  collection: string;
  /** The event types it applies; each must leave the document at that event's version or later. */
  eventTypes: string[];
}

/**
 * Which of `events` a projected read model has not caught up with: the document is missing or
 * older than the event. Events arrive a page at a time from the checker; lookups are by `_id`.
 */
export async function checkProjectedEvents(
  db: mongo.Db,
  readModels: ProjectedReadModel[],
  events: EventEnvelope[],
): Promise<ProjectedDifference[]> {
  const differences: ProjectedDifference[] = [];
  for (const readModel of readModels) {
    const applied = events.filter((event) => readModel.eventTypes.includes(event.type));
    if (applied.length === 0) continue;
    const documents = await db
      .collection<{ _id: string; version: number }>(readModel.collection)
      .find({ _id: { $in: [...new Set(applied.map((event) => event.aggregate.id))] } })
      .project<{ _id: string; version: number }>({ version: 1 })
      .toArray();
    const versions = new Map(documents.map((document) => [document._id, document.version]));
    for (const event of applied) {
      const version = versions.get(event.aggregate.id);
      if (version === undefined || version < event.aggregate.version)
        differences.push({
          collection: readModel.collection,
          aggregateId: event.aggregate.id,
          eventId: event.id,
          type: event.type,
          eventVersion: event.aggregate.version,
          ...(version === undefined ? {} : { readModelVersion: version }),
        });
    }
  }
  return differences;
}
