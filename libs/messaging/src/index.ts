export { createKafka, type KafkaSettings } from './kafka-client';
export { ensureTopics, consumerGroupLag, type TopicLayout, type PartitionLag } from './topic-admin';
export { EventPublisher, type OutgoingMessage } from './event-publisher';
export {
  EventSubscriber,
  type MessagePosition,
  type PartitionProgress,
  type SubscriptionOptions,
} from './event-subscriber';
export type { Kafka } from 'kafkajs';
export {
  TopicReplay,
  topicRanges,
  type PartitionRange,
  type ReplayedMessage,
} from './topic-replay';
