import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { EventPublisher } from '@coffer/messaging';

import type { Commit } from './commit';
import type { EventStore } from './event-store';
import type { Lease } from './lease';

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
  onError?: (error: unknown) => void;
}

/**
 * Publishes unpublished commits, then marks them published. A crash between the two
 * publishes them again on restart (at least once); consumers are idempotent by event id.
 * Only the holder of the lease relays, so one service's commits leave in commit order.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private nudged = false;
  private readonly batchSize: number;
  private readonly idlePollMs: number;
  private readonly maxBackoffMs: number;

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
  }

  /** Relays one batch if this instance holds the lease; returns how many commits went out. */
  async relayOnce(): Promise<number> {
    if (!(await this.lease.acquire())) return 0;
    const commits = await this.store.unpublished(this.batchSize);
    if (commits.length === 0) return 0;
    await this.sink.publish(commits);
    await this.store.markPublished(commits.map((commit) => commit._id));
    return commits.length;
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
