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
  /** Event types of other services this one folds into read models (see `projectedPattern`). */
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

/** `<service>.consistency.projected`: which of these events its read models lack. */
export interface ProjectedCompareRequest {
  events: EventEnvelope[];
}

/** `<service>.events.page`: one page of an event store, in commit order, for the checker. */
export interface EventsPageRequest {
  collection: string;
  /** The cursor the previous page returned; absent for the first page. */
  after?: string;
  limit: number;
}

export interface EventsPage {
  events: EventEnvelope[];
  /** Absent on the last page. */
  next?: string;
}

/** `audit.consistency.compare`: which of these events should have an audit entry and have none. */
export interface AuditCompareRequest {
  events: EventEnvelope[];
}

export interface AuditCompareResult {
  /** Events the trail shows. */
  audited: number;
  missing: { id: string; type: string }[];
}

/** `audit.consistency.count`: entries in the live trail. */
export interface AuditEntryCount {
  entries: number;
}

export function consistencyPattern(service: string): string {
  return `${service}.consistency`;
}

export function projectedPattern(service: string): string {
  return `${service}.consistency.projected`;
}

export function eventsPagePattern(service: string): string {
  return `${service}.events.page`;
}
