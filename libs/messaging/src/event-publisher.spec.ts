import type { Kafka, Message, PartitionerArgs, Producer, ProducerConfig } from 'kafkajs';

import { EventPublisher } from './event-publisher';

const PARTITIONS = 3;
const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
  partitionErrorCode: 0,
  partitionId,
  leader: 1,
  replicas: [1],
  isr: [1],
}));

/**
 * Producers as kafkajs hands them out. Each routes its messages with the partitioner it was
 * configured with, as kafkajs does, and answers with one acknowledgement per partition written;
 * while `failing` is set its sends throw, and partitions in `unacknowledged` are left out of
 * the answer, as kafkajs 2.2.4 does when a partition's leader moves mid-send.
 */
function fakeKafka() {
  const producers: { sent: number; disconnected: boolean }[] = [];
  let failing = false;
  const unacknowledged = new Set<number>();
  const kafka = {
    producer: (config: ProducerConfig) => {
      const state = { sent: 0, disconnected: false };
      producers.push(state);
      const partitioner = config.createPartitioner!();
      return {
        connect: async () => undefined,
        disconnect: async () => {
          state.disconnected = true;
        },
        sendBatch: async ({
          topicMessages,
        }: {
          topicMessages: { topic: string; messages: Message[] }[];
        }) => {
          if (failing) throw new Error('The broker received an out of order sequence number');
          state.sent += 1;
          const written = new Set<string>();
          for (const { topic, messages } of topicMessages) {
            for (const message of messages) {
              const partition = partitioner({
                topic,
                partitionMetadata,
                message,
              } as PartitionerArgs);
              if (!unacknowledged.has(partition)) written.add(`${topic}|${partition}`);
            }
          }
          return [...written].map((entry) => {
            const [topicName, partition] = entry.split('|');
            return { topicName, partition: Number(partition), errorCode: 0 };
          });
        },
      } as unknown as Producer;
    },
  } as unknown as Kafka;
  return { kafka, producers, fail: (value: boolean) => (failing = value), unacknowledged };
}

const message = { topic: 't', key: 'k', value: 'v' };
/** Enough keys that the default partitioner spreads them over every partition. */
const manyKeys = Array.from({ length: 30 }, (_, i) => ({
  topic: 't',
  key: `aggregate-${i}`,
  value: 'v',
}));

describe('EventPublisher', () => {
  it('replaces a producer whose send failed, so a poisoned producer id is never used again', async () => {
    const { kafka, producers, fail } = fakeKafka();
    const publisher = new EventPublisher(kafka);
    await publisher.publish([message]);
    fail(true);
    await expect(publisher.publish([message])).rejects.toThrow(/out of order/);
    fail(false);
    await publisher.publish([message]);
    expect(producers).toEqual([
      { sent: 1, disconnected: true },
      { sent: 1, disconnected: false },
    ]);
  });

  it('keeps one producer while sends succeed', async () => {
    const { kafka, producers } = fakeKafka();
    const publisher = new EventPublisher(kafka);
    for (let i = 0; i < 3; i++) await publisher.publish(manyKeys);
    expect(producers).toEqual([{ sent: 3, disconnected: false }]);
  });

  it('fails a send that Kafka acknowledged for only some of its partitions, so the relay sends it again', async () => {
    const { kafka, producers, unacknowledged } = fakeKafka();
    const publisher = new EventPublisher(kafka);
    unacknowledged.add(2);
    await expect(publisher.publish(manyKeys)).rejects.toThrow(
      'Kafka did not acknowledge partition 2 of t',
    );
    unacknowledged.clear();
    await publisher.publish(manyKeys);
    expect(producers).toEqual([
      { sent: 1, disconnected: true },
      { sent: 1, disconnected: false },
    ]);
  });
});
