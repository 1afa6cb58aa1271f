export { assertNever } from './assert-never';
export type { Commit } from './commit';
export { ConcurrencyError } from './concurrency-error';
export { type Decider, type EventOf, fold } from './decider';
export {
  CommandHandler,
  type CommandHandlerSettings,
  type Handled,
  type HandleOptions,
} from './command-handler';
export { EventStore, type AppendRequest } from './event-store';
export type { OutboxBatch } from './outbox-batch';
export { InlineProjections, type Reprojector } from './inline-projections';
export { InvalidCursorError } from './invalid-cursor-error';
export { Lease } from './lease';
export { Outbox, type OutboxMarker } from './outbox';
export {
  OutboxRelay,
  kafkaOutboxSink,
  relayOwnerId,
  type OutboxSink,
  type OutboxRelayOptions,
} from './outbox-relay';
export { ProjectionRunner, type Projection, type ProjectionRunnerOptions } from './projection';
export {
  ProjectionCheckpoints,
  type CheckpointDocument,
  type TopicPartition,
} from './projection-checkpoints';
export { UpcasterChain, type Upcaster } from './upcasters';
export { updateIfNewer, upsertIfNewer } from './versioned-writes';
export { checkReadModel, type VersionedReadModel } from './read-model-check';
export { checkProjectedEvents, type ProjectedReadModel } from './projected-read-model-check';
