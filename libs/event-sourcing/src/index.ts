export { assertNever } from './assert-never';
export type { Commit } from './commit';
export { ConcurrencyError } from './concurrency-error';
export { type Decider, type EventOf, fold } from './decider';
export { AggregateRepository, type Loaded } from './aggregate-repository';
export { EventStore, type AppendRequest } from './event-store';
export { InvalidCursorError } from './invalid-cursor-error';
export { Lease } from './lease';
export {
  OutboxRelay,
  kafkaOutboxSink,
  relayOwnerId,
  type OutboxSink,
  type OutboxRelayOptions,
} from './outbox-relay';
export {
  ProjectionCheckpoints,
  ProjectionRunner,
  type CheckpointDocument,
  type Projection,
  type ProjectionRunnerOptions,
} from './projection';
export { UpcasterChain, type Upcaster } from './upcasters';
export { updateIfNewer, upsertIfNewer } from './versioned-writes';
export { checkReadModel, type VersionedReadModel } from './read-model-check';
export { checkProjectedEvents, type ProjectedReadModel } from './projected-read-model-check';
