import type { EventEnvelope } from '../envelope';

/** One way a read model disagrees with the events it is folded from. */
export interface ReadModelDifference {
  aggregateId: string;
  /** `missing`: events but no document; `no-events`: a document without events; `stale`: versions differ. */
  kind: 'missing' | 'no-events' | 'stale';
  storeVersion?: number;
  readModelVersion?: number;
}

export interface ReadModelReport {
  aggregateType: string;
  collection: string;
  /** Aggregates the event store created. */
  aggregates: number;
  documents: number;
  differences: number;
  /** The first few differences, to start looking. */
  examples: ReadModelDifference[];
}

/** `<service>.consistency`: the service's event stores against its own read models. */
export interface ServiceConsistency {
  service: string;
  /** Event-store collections and how many events each holds and has not yet published. */
  stores: { collection: string; events: number; unpublished: number }[];
  readModels: ReadModelReport[];
  /** Event types of other services this one folds into read models (see `serviceStatusMessages(…).projected`). */
  projects: string[];
}

/** An event another service stored that a read model here has not caught up with. */
export interface ProjectedDifference {
  collection: string;
  aggregateId: string;
  eventId: string;
  type: string;
  eventVersion: number;
  /** Absent when the document is missing. */
  readModelVersion?: number;
}

/** `<service>.events.page` (see `serviceStatusMessages`): one page of an event store. */
export interface EventsPage {
  events: EventEnvelope[];
  /** Absent on the last page. */
  next?: string;
}
