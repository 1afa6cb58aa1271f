import type { EventEnvelope } from '@coffer/contracts';
import { EventSubscriber, type Kafka } from '@coffer/messaging';

import { BatchMerger } from './batch-merger';
import type { ProjectionCheckpoints } from './projection-checkpoints';
import { UpcasterChain } from './upcasters';

/**
 * A read model fed by events. `apply` must be idempotent: applying an event a second time
 * (after a crash, a rebalance or a replay) changes nothing.
 */
export interface Projection {
  readonly name: string;
  apply(event: EventEnvelope): Promise<void>;
  /**
   * Optional: applies events in the order given (each partition's in offset order, partitions
   * interleaved) with the same outcome as applying them one by one, in fewer writes. Once it
   * returned, every event of the batch must be durable: their offsets are committed after.
   */
  applyBatch?(events: readonly EventEnvelope[]): Promise<void>;
}

export interface ProjectionRunnerOptions {
  groupId: string;
  topics: string[];
  checkpoints: ProjectionCheckpoints;
  upcasters?: UpcasterChain;
  onDeadLetter?: (reason: string) => void;
  /**
   * Partitions consumed at the same time (default 1). A batch projection's chunks of different
   * partitions are then merged and applied one batch at a time (`BatchMerger`); a projection
   * without `applyBatch` must itself be safe to apply concurrently.
   */
  partitionsConsumedConcurrently?: number;
}

/**
 * Feeds a projection from Kafka, a chunk of events at a time (to `applyBatch` when it has one),
 * and records how far it got in each partition.
 */
export class ProjectionRunner {
  private subscriber?: EventSubscriber;
  private joined = false;
  private stopped = false;
  private readonly merger?: BatchMerger;

  constructor(
    private readonly kafka: Kafka,
    readonly projection: Projection,
    readonly options: ProjectionRunnerOptions,
  ) {
    const { applyBatch } = projection;
    if (applyBatch) this.merger = new BatchMerger((events) => applyBatch.call(projection, events));
  }

  /**
   * Joins the consumer group and waits for partitions. A failed start (a topic whose metadata
   * has not reached the broker yet, a coordinator still loading) leaves nothing running, so the
   * caller can simply try again.
   */
  async start(): Promise<void> {
    const upcasters = this.options.upcasters ?? new UpcasterChain();
    const subscriber = new EventSubscriber(this.kafka, {
      groupId: this.options.groupId,
      topics: this.options.topics,
      fromBeginning: true,
      handle: (events) => this.applyChunk(events.map((event) => upcasters.apply(event))),
      onProgress: (progress) => this.options.checkpoints.save(this.projection.name, progress),
      onDeadLetter: this.options.onDeadLetter,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
    });
    const assigned = subscriber.waitUntilAssigned();
    try {
      await subscriber.start();
      await assigned;
    } catch (error) {
      assigned.catch(() => undefined);
      await subscriber.stop().catch(() => undefined);
      throw error;
    }
    this.subscriber = subscriber;
    this.joined = true;
    subscriber.onGaveUp(() => void this.restart());
  }

  private async applyChunk(events: EventEnvelope[]): Promise<void> {
    if (this.merger) return this.merger.apply(events);
    for (const event of events) await this.projection.apply(event);
  }

  /**
   * After a crash kafkajs will not recover from (seen after every broker was stopped), a new
   * subscriber resumes from the committed offsets, retried with backoff; health reports the
   * projection down meanwhile.
   */
  private async restart(): Promise<void> {
    this.joined = false;
    const crashed = this.subscriber;
    this.subscriber = undefined;
    await crashed?.stop().catch(() => undefined);
    for (let delayMs = 1_000; !this.stopped; delayMs = Math.min(delayMs * 2, 30_000)) {
      try {
        await this.start();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  /** True once the consumer has joined its group and can receive events: a readiness signal. */
  get isConsuming(): boolean {
    return this.joined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.joined = false;
    await this.subscriber?.stop();
  }
}
