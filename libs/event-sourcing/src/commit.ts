import type { EventEnvelope } from '@coffer/contracts';

/**
 * One command's events, stored as one document: appending it is atomic without
 * multi-document transactions, and the unique `(aggregateId, version)` index makes the
 * second of two concurrent appends at one version fail. The commit is also its own
 * outbox row: `publishedAt` stays null until the relay has put it on Kafka.
 */
export interface Commit {
  _id: string;
  aggregateId: string;
  aggregateType: string;
  orgId: string;
  /** Version of the first event in this commit. */
  version: number;
  lastVersion: number;
  committedAt: Date;
  events: EventEnvelope[];
  publishedAt: Date | null;
}
