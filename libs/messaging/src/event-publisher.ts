import { CompressionTypes, type Kafka, Partitioners, type Producer } from 'kafkajs';

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
 */
export class EventPublisher {
  private producer: Producer;
  private connected = false;

  constructor(private readonly kafka: Kafka) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
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
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) {
      const list = byTopic.get(message.topic) ?? [];
      list.push(message);
      byTopic.set(message.topic, list);
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map(({ key, value, headers }) => ({ key, value, headers })),
        })),
      });
    } catch (error) {
      await this.replaceProducer();
      throw error;
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
