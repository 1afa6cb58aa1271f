import {
  CompressionTypes,
  type Kafka,
  type Message,
  type PartitionerArgs,
  Partitioners,
  type Producer,
  type RecordMetadata,
} from 'kafkajs';

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/**
 * An idempotent producer with `acks=all`: a retried send never duplicates on the broker,
 * and a send resolves only once every in-sync replica has the message.
 *
 * A send that fails for good replaces the producer: after brokers went away mid-send, kafkajs
 * keeps the sequence numbers it had already counted for the lost batch, and every later send of
 * that producer is refused with OUT_OF_ORDER_SEQUENCE_NUMBER — for ever (the fault suite's Kafka
 * outage found an outbox stuck this way). A new producer gets a new producer id and starts its
 * sequences afresh; what the old one may have delivered is sent again, which consumers absorb,
 * since they are idempotent by event id.
 *
 * A send is trusted only if Kafka acknowledged every partition it routed a message to. kafkajs
 * 2.2.4 keys its retries by broker: when a partition's leader moves, mid-send, to a broker that
 * has already answered for other partitions, the retry skips that broker and `sendBatch` resolves
 * without ever writing the moved partition's messages (tulios/kafkajs#1303, the fix unmerged in
 * #1798). The fault suite's Kafka outage lost an event this way. So the publisher notes the
 * partition the partitioner chose for each message and fails a send whose acknowledgements leave
 * one out; the relay then sends the batch again.
 */
export class EventPublisher {
  private producer: Producer;
  private connected = false;
  /** The partition the partitioner last chose for each message object being sent. */
  private readonly routedPartitions = new WeakMap<Message, number>();

  constructor(private readonly kafka: Kafka) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: () => {
        const partition = Partitioners.DefaultPartitioner();
        return (args: PartitionerArgs) => {
          const chosen = partition(args);
          this.routedPartitions.set(args.message, chosen);
          return chosen;
        };
      },
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /** Sends in order; messages with one key land in one partition in the order given. */
  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, Message[]>();
    for (const { topic, key, value, headers } of messages) {
      const list = byTopic.get(topic) ?? [];
      list.push({ key, value, headers });
      byTopic.set(topic, list);
    }
    try {
      const acknowledged = await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      });
      this.assertEveryPartitionAcknowledged(byTopic, acknowledged);
    } catch (error) {
      await this.replaceProducer();
      throw error;
    }
  }

  private assertEveryPartitionAcknowledged(
    sent: Map<string, Message[]>,
    acknowledged: RecordMetadata[],
  ): void {
    const acknowledgedPartitions = new Set(
      acknowledged.map(({ topicName, partition }) => `${topicName}/${partition}`),
    );
    for (const [topic, list] of sent) {
      for (const message of list) {
        const partition = this.routedPartitions.get(message);
        if (partition === undefined || !acknowledgedPartitions.has(`${topic}/${partition}`)) {
          throw new Error(
            `Kafka did not acknowledge partition ${partition ?? '?'} of ${topic}: the send is retried`,
          );
        }
      }
    }
  }

  private async replaceProducer(): Promise<void> {
    const failed = this.producer;
    this.producer = this.newProducer();
    this.connected = false;
    // Not awaited: closing a producer whose brokers are gone can wait on them, and the caller's
    // retry must not wait with it.
    void failed.disconnect().catch(() => undefined);
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
