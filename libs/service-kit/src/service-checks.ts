import type { mongo } from 'mongoose';

import type {
  EventEnvelope,
  EventsPage,
  ParsedRequestOf,
  ProjectedDifference,
  ProjectionStatus,
  ServiceConsistency,
  ServiceHealth,
  ServiceStatus,
  ServiceStatusMessages,
} from '@coffer/contracts';
import {
  checkProjectedEvents,
  checkReadModel,
  type EventStore,
  type OutboxRelay,
  type ProjectedReadModel,
  type ProjectionRunner,
  type VersionedReadModel,
} from '@coffer/event-sourcing';
import { consumerGroupLag, type Kafka } from '@coffer/messaging';

import { checkDependency } from './health';

/** What the checks read of the runtime they belong to. */
export interface CheckedRuntime {
  readonly service: string;
  readonly db: mongo.Db;
  readonly kafka: Kafka;
  /** Each event store of the service by collection (`events` first), with its relay. */
  readonly outboxes: ReadonlyMap<string, { store: EventStore; relay: OutboxRelay }>;
  pingDatabase(): Promise<unknown>;
  describeKafka(): Promise<unknown>;
}

/**
 * What a service says about itself, as the health controller answers it: health, status (outbox
 * backlogs, projection lag, queues) and the consistency checker's comparisons. A service's main.ts
 * registers what there is to check through its runtime; nothing here changes anything.
 */
export class ServiceChecks {
  private readonly healthChecks = new Map<string, () => Promise<unknown>>();
  private readonly projections: ProjectionRunner[] = [];
  private readonly readModels: VersionedReadModel[] = [];
  private readonly projectedReadModels: ProjectedReadModel[] = [];
  private readonly queues = new Map<string, () => Promise<number>>();

  constructor(private readonly runtime: CheckedRuntime) {}

  /** A further readiness check reported by health, e.g. that a projection is consuming. */
  addHealthCheck(name: string, check: () => Promise<unknown>): void {
    this.healthChecks.set(name, check);
  }

  /** A projection whose position and lag `projectionStatus()` reports. */
  addProjection(runner: ProjectionRunner): void {
    this.projections.push(runner);
  }

  /** A work queue of the service whose length `status()` reports (and the gateway's metrics). */
  addQueue(name: string, length: () => Promise<number>): void {
    this.queues.set(name, length);
  }

  /** A read model folded from the main event store, compared with it by `consistency()`. */
  addReadModel(readModel: VersionedReadModel): void {
    this.readModels.push(readModel);
  }

  /** A read model folded from another service's events, compared by `compareProjected()`. */
  addProjectedReadModel(readModel: ProjectedReadModel): void {
    this.projectedReadModels.push(readModel);
  }

  async health(): Promise<ServiceHealth> {
    const dependencies = await Promise.all([
      checkDependency('database', () => this.runtime.pingDatabase()),
      checkDependency('kafka', () => this.runtime.describeKafka()),
      ...[...this.healthChecks].map(([name, check]) => checkDependency(name, check)),
    ]);
    return {
      service: this.runtime.service,
      up: dependencies.every((dependency) => dependency.up),
      dependencies,
    };
  }

  /** Health, what each outbox has not sent yet, and each projection's lag: `ops status`. */
  async status(): Promise<ServiceStatus> {
    const [health, projections, backlogs, queues] = await Promise.all([
      this.health(),
      this.projectionStatus(),
      Promise.all(
        [...this.runtime.outboxes].map(
          async ([collection, { store }]) => [collection, await store.countUnpublished()] as const,
        ),
      ),
      Promise.all([...this.queues].map(async ([name, length]) => [name, await length()] as const)),
    ]);
    return {
      ...health,
      outboxBacklog: Object.fromEntries(backlogs),
      projections,
      queues: Object.fromEntries(queues),
    };
  }

  /** Each projection's position, lag and last event time per partition. */
  async projectionStatus(): Promise<ProjectionStatus[]> {
    return Promise.all(
      this.projections.map(async (runner) => {
        const { groupId, topics, checkpoints } = runner.options;
        const [lags, saved] = await Promise.all([
          consumerGroupLag(this.runtime.kafka, groupId, topics),
          checkpoints.list(runner.projection.name),
        ]);
        return {
          service: this.runtime.service,
          projection: runner.projection.name,
          partitions: lags.map((lag) => ({
            topic: lag.topic,
            partition: lag.partition,
            position: lag.committedOffset,
            end: lag.endOffset,
            lag: lag.lag,
            lastEventAt: saved.find(
              (checkpoint) =>
                checkpoint.topic === lag.topic && checkpoint.partition === lag.partition,
            )?.lastEventAt,
          })),
        };
      }),
    );
  }

  /** `ops check`: each event store's size and backlog, each read model against its events. */
  async consistency(): Promise<ServiceConsistency> {
    const { service, db, outboxes } = this.runtime;
    const stores = await Promise.all(
      [...outboxes].map(async ([collection, { store }]) => ({
        collection,
        events: await store.countEvents(),
        unpublished: await store.countUnpublished(),
      })),
    );
    const readModels = [];
    for (const readModel of this.readModels) {
      const main = outboxes.get('events');
      if (!main) throw new Error(`${service} has no event store to compare with`);
      readModels.push(await checkReadModel(db, main.store, readModel));
    }
    const projects = [...new Set(this.projectedReadModels.flatMap((model) => model.eventTypes))];
    return { service, stores, readModels, projects };
  }

  /** Which of another service's events (a page the checker sends) the read models here lack. */
  compareProjected(events: EventEnvelope[]): Promise<ProjectedDifference[]> {
    return checkProjectedEvents(this.runtime.db, this.projectedReadModels, events);
  }

  /** The service's event stores, by collection. */
  storeCollections(): string[] {
    return [...this.runtime.outboxes.keys()];
  }

  /** One page of one of this service's event stores, for the checker. */
  eventsPage(request: ParsedRequestOf<ServiceStatusMessages['eventsPage']>): Promise<EventsPage> {
    const outbox = this.runtime.outboxes.get(request.collection);
    if (!outbox) throw new Error(`${this.runtime.service} has no outbox ${request.collection}`);
    return outbox.store.readPage(request.after, request.limit);
  }
}
