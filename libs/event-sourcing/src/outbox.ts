import { randomUUID } from 'node:crypto';

import type { mongo } from 'mongoose';

import { InsertBatcher } from './insert-batcher';

const DUPLICATE_KEY = 11000;
const HOLD_ATTEMPTS = 5;
/** Versions are zero-padded in marker ids so that `_id` order is version order within a stream. */
const VERSION_DIGITS = 12;

/**
 * One commit that may not be on Kafka yet. Written before its commit, deleted once Kafka has
 * acknowledged it. The `nonce` changes whenever a writer (re)claims the marker, so a relay that
 * decided to drop it as an orphan deletes it only if nobody has claimed it since.
 */
export interface OutboxMarker {
  /** `<aggregateId>:<first version, zero-padded>`: sorting by `_id` keeps each stream in order. */
  _id: string;
  commitId: string;
  aggregateId: string;
  version: number;
  nonce: string;
  heldAt: Date;
}

export interface HeldMarker {
  _id: string;
  nonce: string;
  created: boolean;
}

export function markerId(aggregateId: string, version: number): string {
  return `${aggregateId}:${String(version).padStart(VERSION_DIGITS, '0')}`;
}

/**
 * The pending set of an event store: a small collection, only ever read whole in `_id` order or
 * written by `_id`, so every engine serves it without a secondary index.
 */
export class Outbox {
  readonly markers: mongo.Collection<OutboxMarker>;
  private readonly inserts: InsertBatcher<OutboxMarker>;

  constructor(db: mongo.Db, collectionName: string) {
    this.markers = db.collection<OutboxMarker>(collectionName);
    this.inserts = new InsertBatcher(this.markers);
  }

  /**
   * Makes sure a marker for this commit exists and carries a nonce of ours. A marker already there
   * (a concurrent writer of the same version, an orphan of a crashed one) is claimed by changing
   * its nonce; if it vanished meanwhile (published, or dropped by the relay), it is written anew.
   * `created` tells whether this call wrote the marker: only then may its writer take it back.
   */
  async hold(commitId: string, aggregateId: string, version: number): Promise<HeldMarker> {
    const _id = markerId(aggregateId, version);
    for (let attempt = 0; attempt < HOLD_ATTEMPTS; attempt++) {
      const nonce = randomUUID();
      try {
        await this.inserts.insert({
          _id,
          commitId,
          aggregateId,
          version,
          nonce,
          heldAt: new Date(),
        });
        return { _id, nonce, created: true };
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      }
      const claimed = await this.markers.updateOne(
        { _id },
        { $set: { nonce, heldAt: new Date() } },
      );
      if (claimed.matchedCount === 1) return { _id, nonce, created: false };
    }
    throw new Error(`could not hold the outbox marker of commit ${commitId}`);
  }

  /**
   * A writer that lost the race for its commit takes back the marker it created, unless another
   * writer has claimed it since (the marker then covers that writer's commit). A marker it only
   * claimed is left alone: it may be the winner's. A marker left behind only republishes.
   */
  async release(held: HeldMarker): Promise<void> {
    if (held.created) await this.markers.deleteOne({ _id: held._id, nonce: held.nonce });
  }

  /** The first `limit` markers in `_id` order: every stream's markers in version order. */
  async pending(limit: number): Promise<OutboxMarker[]> {
    return this.markers.find({}).sort({ _id: 1 }).limit(limit).batchSize(limit).toArray();
  }

  /**
   * Every pending marker of these aggregates. Scans the (small) outbox on the embedded engines;
   * on MongoDB the `{ aggregateId: 1 }` index of `ensureIndexes` serves it.
   */
  async pendingOf(
    aggregateIds: string[],
  ): Promise<Pick<OutboxMarker, 'aggregateId' | 'version'>[]> {
    if (aggregateIds.length === 0) return [];
    return this.markers
      .find({ aggregateId: { $in: aggregateIds } })
      .project<Pick<OutboxMarker, 'aggregateId' | 'version'>>({
        _id: 0,
        aggregateId: 1,
        version: 1,
      })
      .toArray();
  }

  /** After Kafka acknowledged their commits: one statement, by `_id`. */
  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.markers.deleteMany({ _id: { $in: ids } });
  }

  /** Drops a marker whose commit never came, unless a writer claimed it since it was judged. */
  async drop(marker: Pick<OutboxMarker, '_id' | 'nonce'>): Promise<boolean> {
    const deleted = await this.markers.deleteOne({ _id: marker._id, nonce: marker.nonce });
    return deleted.deletedCount === 1;
  }

  count(): Promise<number> {
    return this.markers.countDocuments();
  }

  async ensureIndexes(): Promise<void> {
    // Serves `pendingOf`, the relay's check that no earlier commit of a stream is still pending.
    await this.markers.createIndex({ aggregateId: 1 });
  }
}
