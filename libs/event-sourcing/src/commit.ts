import type { EventEnvelope } from '@coffer/contracts';

/**
 * One command's events, stored as one document keyed `<aggregateId>:<first version>`: appending
 * it is atomic without multi-document transactions, and the second of two concurrent appends at
 * one version fails on the duplicate `_id` (a stream only ever grows from commit boundaries, so
 * two writers that saw the same stream compute the same `_id`). Whether it is on Kafka yet is
 * the outbox's business (see Outbox), not the commit's: a commit is written once, never updated.
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
  /**
   * Only on commits stored before the outbox existed: null until published. The relay adopts
   * such commits into the outbox and removes the field (EventStore.adoptLegacyCommits).
   */
  publishedAt?: Date | null;
}
