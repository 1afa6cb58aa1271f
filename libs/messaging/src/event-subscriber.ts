import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';

import { DEAD_LETTER_SUFFIX, type EventEnvelope, parseEventEnvelope } from '@coffer/contracts';

import { EventPublisher } from './event-publisher';

export interface MessagePosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface PartitionProgress {
  topic: string;
  partition: number;
  /** Offset of the last message handled (or dead-lettered) in this batch. */
  offset: string;
  highWatermark: string;
  lastEventAt?: string;
}

export interface SubscriptionOptions {
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  /**
   * Events of one partition in offset order, at most MAX_CHUNK at a time. Its offsets are
   * resolved only once it returned, so what it wrote must be durable by then.
   */
  handle: (events: EventEnvelope[], positions: MessagePosition[]) => Promise<void>;
  /** Called after a batch of one partition was handled, before its offsets are committed. */
  onProgress?: (progress: PartitionProgress) => Promise<void>;
  onDeadLetter?: (reason: string, position: MessagePosition) => void;
  /** Partitions whose batches are handled at the same time (kafkajs' own default is 1). */
  partitionsConsumedConcurrently?: number;
}

/**
 * Events handed to the handler at once: a projection then writes each of its documents about
 * once per chunk rather than once per event. Bounded so one chunk's writes finish well inside
 * the session timeout (a heartbeat goes out between chunks).
 */
export const MAX_CHUNK = 250;

/**
 * A consumer-group subscription that hands valid envelopes to `handle` in chunks, parks malformed
 * messages on the topic's dead-letter twin with the reason, and commits an offset only
 * after its message was handled. A failing handler stops the batch; kafkajs restarts the
 * consumer with backoff and the message is delivered again, so handlers must be idempotent.
 */
export class EventSubscriber {
  private readonly consumer: Consumer;
  private readonly deadLetters: EventPublisher;

  constructor(
    kafka: Kafka,
    private readonly options: SubscriptionOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // How long the broker holds a fetch when there is nothing new: a stopping consumer waits
      // for that fetch, so kafkajs' 5 s default made every stop take 5 s. New events still
      // arrive at once; an idle consumer asks once a second.
      maxWaitTimeInMs: 1_000,
      allowAutoTopicCreation: false,
      retry: {
        initialRetryTime: 300,
        maxRetryTime: 10_000,
        retries: 8,
        restartOnFailure: async () => true,
      },
    });
    this.deadLetters = new EventPublisher(kafka);
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning,
    });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Resolves once the consumer has joined its group and has partitions assigned. */
  async waitUntilAssigned(timeoutMs = 30_000): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        remove();
        reject(
          new Error(
            `consumer group ${this.options.groupId} was not assigned partitions within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const remove = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        remove();
        resolve();
      });
    });
  }

  /**
   * Calls `listener` when the consumer has crashed and kafkajs will not restart it (an error it
   * deems not retriable, such as a connection refused while every broker was down): from then on
   * nothing is consumed unless the owner starts a new subscriber.
   */
  onGaveUp(listener: (error: Error) => void): void {
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      if (!event.payload.restart) listener(event.payload.error);
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.deadLetters.disconnect();
  }

  /**
   * Hands the batch's events on in chunks, in offset order. A malformed message ends the chunk
   * before it, so it is parked only after everything ahead of it was handled, and its offset is
   * resolved like any other. Offsets are resolved chunk by chunk, only after the handler
   * returned: a crash mid-batch redelivers the chunk it was in, never skips it.
   */
  private async handleBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload) {
    let lastOffset: string | undefined;
    let lastEventAt: string | undefined;
    let events: EventEnvelope[] = [];
    let positions: MessagePosition[] = [];
    const handleChunk = async () => {
      if (events.length === 0) return;
      await this.options.handle(events, positions);
      lastEventAt = events[events.length - 1].occurredAt;
      lastOffset = positions[positions.length - 1].offset;
      resolveOffset(lastOffset);
      events = [];
      positions = [];
      await heartbeat();
    };
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const position = { topic: batch.topic, partition: batch.partition, offset: message.offset };
      const decoded = decodeEnvelope(message.value);
      if (decoded.ok) {
        events.push(decoded.event);
        positions.push(position);
        if (events.length >= MAX_CHUNK) await handleChunk();
        continue;
      }
      await handleChunk();
      await this.deadLetter(batch.topic, position, message.key, message.value, decoded.reason);
      resolveOffset(message.offset);
      lastOffset = message.offset;
      await heartbeat();
    }
    if (isRunning() && !isStale()) await handleChunk();
    if (lastOffset !== undefined && this.options.onProgress) {
      await this.options.onProgress({
        topic: batch.topic,
        partition: batch.partition,
        offset: lastOffset,
        highWatermark: batch.highWatermark,
        lastEventAt,
      });
    }
  }

  private async deadLetter(
    topic: string,
    position: MessagePosition,
    key: Buffer | null,
    value: Buffer | null,
    reason: string,
  ) {
    await this.deadLetters.publish([
      {
        topic: `${topic}${DEAD_LETTER_SUFFIX}`,
        key: key?.toString() ?? '',
        value: value?.toString() ?? '',
        headers: {
          'dead-letter-reason': reason,
          'original-topic': position.topic,
          'original-partition': String(position.partition),
          'original-offset': position.offset,
        },
      },
    ]);
    this.options.onDeadLetter?.(reason, position);
  }
}

export type DecodedMessage = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

/** A message's envelope, or why it is not one. */
export function decodeEnvelope(value: Buffer | null): DecodedMessage {
  if (!value) return { ok: false, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  try {
    return { ok: true, event: parseEventEnvelope(json) };
  } catch (error) {
    const issues = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues;
    const reason = issues
      ? issues.map((issue) => `${issue.path.join('.') || 'envelope'}: ${issue.message}`).join('; ')
      : 'not an event envelope';
    return { ok: false, reason: `invalid envelope (${reason})` };
  }
}
