import type { Kafka, Producer } from 'kafkajs';

import { EventPublisher } from './event-publisher';

/** Producers as kafkajs hands them out, each failing its sends while `failing` is set. */
function fakeKafka() {
  const producers: { sent: number; disconnected: boolean }[] = [];
  let failing = false;
  const kafka = {
    producer: () => {
      const state = { sent: 0, disconnected: false };
      producers.push(state);
      return {
        connect: async () => undefined,
        disconnect: async () => {
          state.disconnected = true;
        },
        sendBatch: async () => {
          if (failing) throw new Error('The broker received an out of order sequence number');
          state.sent += 1;
          return [];
        },
      } as unknown as Producer;
    },
  } as unknown as Kafka;
  return { kafka, producers, fail: (value: boolean) => (failing = value) };
}

const message = { topic: 't', key: 'k', value: 'v' };

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
    for (let i = 0; i < 3; i++) await publisher.publish([message]);
    expect(producers).toEqual([{ sent: 3, disconnected: false }]);
  });
});
