import { randomUUID } from 'node:crypto';

import type { Consumer, Kafka } from 'kafkajs';

import type { EventEnvelope } from '@coffer/contracts';

import { decodeEnvelope } from './event-subscriber';

/** One partition's first and next-to-be-written offsets. */
export interface PartitionRange {
  topic: string;
  partition: number;
  low: number;
  high: number;
}

/** Where each partition of the topics begins and ends right now. */
export async function topicRanges(kafka: Kafka, topics: string[]): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ranges: PartitionRange[] = [];
    for (const topic of topics) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        ranges.push({ topic, partition, low: Number(low), high: Number(high) });
      }
    }
    return ranges;
  } finally {
    await admin.disconnect();
  }
}

export interface ReplayedMessage {
  topic: string;
  partition: number;
  offset: string;
  /** The envelope, or undefined for a malformed message (the live consumers dead-lettered it). */
  event?: EventEnvelope;
  raw: string;
  headers: Record<string, string>;
}

/**
 * Reads topics from their beginning with a throw-away consumer group, outside every service's
 * own group: for rebuilding a projection beside the live one and for an operator looking at
 * events. Malformed messages are handed over as such, never dead-lettered a second time.
 * `reached(ranges)` tells when every partition has been read up to given end offsets.
 */
export class TopicReplay {
  private readonly consumer: Consumer;
  private readonly groupId: string;
  private readonly positions = new Map<string, number>();

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
    groupPrefix: string,
    private readonly handle: (message: ReplayedMessage) => Promise<void>,
  ) {
    this.groupId = `${groupPrefix}replay-${randomUUID()}`;
    this.consumer = kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
        for (const message of batch.messages) {
          if (!isRunning()) break;
          const decoded = decodeEnvelope(message.value);
          await this.handle({
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            event: decoded.ok ? decoded.event : undefined,
            raw: message.value?.toString('utf8') ?? '',
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([name, value]) => [
                name,
                String(value ?? ''),
              ]),
            ),
          });
          resolveOffset(message.offset);
          this.positions.set(`${batch.topic}:${batch.partition}`, Number(message.offset) + 1);
          await heartbeat();
        }
      },
    });
  }

  /** True once every partition has been read up to (not including) its given high offset. */
  reached(ranges: PartitionRange[]): boolean {
    return ranges.every(
      (range) =>
        range.high <= range.low ||
        (this.positions.get(`${range.topic}:${range.partition}`) ?? 0) >= range.high,
    );
  }

  /** Waits (polling, bounded by `timeoutMs`) until `reached(ranges)`, or until `done()` says so. */
  async waitUntilReached(
    ranges: PartitionRange[],
    timeoutMs: number,
    done: () => boolean = () => false,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && !this.reached(ranges)) {
      if (Date.now() > deadline)
        throw new Error(`the replay did not reach the end of its topics within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Stops reading and deletes the throw-away consumer group. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.groupId]).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}
