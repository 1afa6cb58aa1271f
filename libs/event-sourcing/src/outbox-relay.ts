import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { EventPublisher } from '@coffer/messaging';

import type { Commit } from './commit';
import type { EventStore } from './event-store';
import type { Lease } from './lease';
import type { OutboxMarker } from './outbox';

/**
 * How long a marker's commit must stay missing, as this relay sees it, before the marker is
 * dropped. Far above the 5 s within which an append inserts its commit after (re)claiming the
 * marker, so only a commit that never comes (its writer crashed) loses its marker.
 */
const ORPHAN_AFTER_MS = 60_000;

export interface OutboxSink {
  publish(commits: Commit[]): Promise<void>;
}

/** Puts each event on `topic`, keyed by its aggregate id so one aggregate stays in one partition. */
export function kafkaOutboxSink(publisher: EventPublisher, topic: string): OutboxSink {
  return {
    publish: (commits) =>
      publisher.publish(
        commits.flatMap((commit) =>
          commit.events.map((event) => ({
            topic,
            key: commit.aggregateId,
            value: JSON.stringify(event),
            headers: {
              'event-id': event.id,
              'event-type': event.type,
              'correlation-id': event.correlationId,
            },
          })),
        ),
      ),
  };
}

export interface OutboxRelayOptions {
  batchSize?: number;
  idlePollMs?: number;
  maxBackoffMs?: number;
  /** See ORPHAN_AFTER_MS; tests shorten it. */
  orphanAfterMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Publishes the commits the outbox holds markers for, then deletes those markers. A crash between
 * the two publishes them again on restart (at least once); consumers are idempotent by event id.
 * Only the holder of the lease relays; each aggregate's commits leave in version order, and only
 * once their inline read models hold them (InlineProjections).
 *
 * Database commands per batch: the markers (one find), their commits (one `_id: { $in }`), the
 * check for earlier pending commits of the same streams (one find, skipped when every commit is
 * its stream's first), and one delete: four, however many commits the batch holds.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private nudged = false;
  private readonly batchSize: number;
  private readonly idlePollMs: number;
  private readonly maxBackoffMs: number;
  private readonly orphanAfterMs: number;
  private adopted = false;
  /** Markers seen without their commit: since when (this relay's clock), with which nonce. */
  private readonly suspects = new Map<string, { nonce: string; since: number }>();

  constructor(
    private readonly store: EventStore,
    private readonly sink: OutboxSink,
    private readonly lease: Lease,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    // Local appends nudge the relay; polling only picks up what another replica or a crash left.
    this.idlePollMs = options.idlePollMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.orphanAfterMs = options.orphanAfterMs ?? ORPHAN_AFTER_MS;
  }

  /** Relays one batch if this instance holds the lease; returns how many commits went out. */
  async relayOnce(): Promise<number> {
    if (!(await this.lease.acquire())) return 0;
    if (!this.adopted) {
      await this.store.adoptLegacyCommits();
      this.adopted = true;
    }
    const batch = await this.store.unpublished(this.batchSize);
    if (batch.commits.length > 0) {
      // Events leave only once the read models their commands promised to update hold them.
      await this.store.inlineProjections.settle(batch.commits);
      await this.sink.publish(batch.commits);
      await this.store.markPublished(batch.markerIds);
    }
    await this.judgeMissing(batch.missing, batch.read < this.batchSize);
    return batch.commits.length;
  }

  /**
   * A marker whose commit is missing is either an append in flight or the leftover of a writer
   * that crashed between marker and commit. Once missing for orphanAfterMs with the same nonce
   * (a writer that claims it again changes the nonce), it is dropped: its events never existed.
   */
  private async judgeMissing(missing: OutboxMarker[], sawWholeOutbox: boolean): Promise<void> {
    const now = Date.now();
    for (const marker of missing) {
      const suspect = this.suspects.get(marker._id);
      if (suspect?.nonce !== marker.nonce) {
        this.suspects.set(marker._id, { nonce: marker.nonce, since: now });
      } else if (now - suspect.since >= this.orphanAfterMs) {
        await this.store.outbox.drop(marker);
        this.suspects.delete(marker._id);
      }
    }
    if (sawWholeOutbox) {
      // Suspects not missing any more were published or dropped: forget them.
      const stillMissing = new Set(missing.map((marker) => marker._id));
      for (const id of this.suspects.keys()) if (!stillMissing.has(id)) this.suspects.delete(id);
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a local append so new events leave at once instead of at the next poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
    await this.lease.release().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let backoffMs = 0;
    while (this.running) {
      try {
        this.nudged = false;
        const relayed = await this.relayOnce();
        backoffMs = 0;
        // A nudge during relayOnce may concern a commit that its query did not see yet.
        if (relayed < this.batchSize && !this.nudged) await this.idle(this.idlePollMs);
      } catch (error) {
        this.options.onError?.(error);
        backoffMs = Math.min(this.maxBackoffMs, Math.max(200, backoffMs * 2));
        await this.idle(backoffMs);
      }
    }
  }

  private async idle(ms: number): Promise<void> {
    const controller = new AbortController();
    this.wake = () => controller.abort();
    await sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined);
    this.wake = undefined;
  }
}

export function relayOwnerId(service: string): string {
  return `${service}:${process.pid}:${randomUUID()}`;
}
