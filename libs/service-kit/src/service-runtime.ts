import type { Connection } from 'mongoose';

import {
  topicName,
  type EventEnvelope,
  type EventsPage,
  type ParsedRequestOf,
  type ServiceStatusMessages,
  type ProjectedDifference,
  type ProjectionStatus,
  type ServiceConsistency,
  type ServiceHealth,
  type ServiceStatus,
  type TopicBaseName,
} from '@coffer/contracts';
import {
  EventStore,
  kafkaOutboxSink,
  Lease,
  OutboxRelay,
  relayOwnerId,
  checkProjectedEvents,
  checkReadModel,
  UpcasterChain,
  type ProjectionRunner,
  type ProjectedReadModel,
  type VersionedReadModel,
} from '@coffer/event-sourcing';
import {
  consumerGroupLag,
  createKafka,
  ensureTopics,
  EventPublisher,
  type Kafka,
} from '@coffer/messaging';

import { databaseUrl, loadConfig, type CofferConfig } from '@coffer/config';
import { connectDatabase, databaseOf, pingDatabase, redactUrl } from './database';
import { DbCommandLog, dbCommandLogFile } from './db-command-log';
import { checkDependency } from './health';
import { createLogger, type Logger } from './logger';
import { retryWithBackoff } from './retry';
import { ServiceMetrics } from './service-metrics';

export interface RuntimeOptions {
  service: string;
  /** The topic this service's own events go to, if it owns an event store. */
  ownTopic?: TopicBaseName;
  /** Further outboxes: an event-store collection of its own, relayed to its own topic. */
  extraOutboxes?: { collection: string; topic: TopicBaseName }[];
  /** Topics it reads; created if missing so a consumer can start before their producer. */
  readTopics?: TopicBaseName[];
  config?: CofferConfig;
  upcasters?: UpcasterChain;
}

/** An event-sourced service: its own topic is where its event store's commits are relayed. */
export interface EventSourcedRuntimeOptions extends RuntimeOptions {
  ownTopic: TopicBaseName;
}

/**
 * What every backend service needs before it can answer: its database, Kafka, its topics,
 * and (for event-sourced services, see `EventSourcedRuntime`) the event store and the outbox
 * relay. Start-up waits for unreachable dependencies with backoff and one clear log line each time.
 */
export class ServiceRuntime {
  /** @deprecated Start with `ServiceRuntime.startEventSourced`, whose runtime always has a store. */
  store?: EventStore;
  /** @deprecated As `store`. */
  relay?: OutboxRelay;
  private readonly outboxes = new Map<string, { store: EventStore; relay: OutboxRelay }>();
  private publisher?: EventPublisher;
  private readonly kafkaAdmin;
  private readonly stopHooks: (() => Promise<void>)[] = [];
  private readonly healthChecks = new Map<string, () => Promise<unknown>>();
  private readonly projections: ProjectionRunner[] = [];
  private readonly readModels: VersionedReadModel[] = [];
  private readonly projectedReadModels: ProjectedReadModel[] = [];
  private readonly queues = new Map<string, () => Promise<number>>();
  readonly metrics: ServiceMetrics;

  protected constructor(
    readonly service: string,
    readonly config: CofferConfig,
    readonly log: Logger,
    readonly connection: Connection,
    readonly kafka: Kafka,
    /** Set when COFFER_DB_COMMAND_LOG asks for every database command to be recorded. */
    readonly commandLog?: DbCommandLog,
  ) {
    this.kafkaAdmin = kafka.admin();
    this.metrics = new ServiceMetrics(service);
  }

  /** A service with an event store and its relay, which need no checking. */
  static async startEventSourced(
    options: EventSourcedRuntimeOptions,
  ): Promise<EventSourcedRuntime> {
    const runtime = await ServiceRuntime.start(options);
    if (!(runtime instanceof EventSourcedRuntime))
      throw new Error(`${options.service} has no event store`);
    return runtime;
  }

  static async start(options: RuntimeOptions): Promise<ServiceRuntime> {
    const config = options.config ?? loadConfig();
    const log = createLogger(options.service, config);
    const commandLogFile = dbCommandLogFile();
    const commandLog = commandLogFile
      ? new DbCommandLog(commandLogFile, options.service)
      : undefined;
    const connection = await connectDatabase(
      databaseUrl(config, options.service),
      (line) => log.warn(line),
      commandLog,
    );
    const kafka = createKafka({
      brokers: config.kafkaBrokers,
      clientId: options.service,
      log: (level, message, extra) => log[level]({ kafka: extra }, message),
    });
    const runtime = new (options.ownTopic ? EventSourcedRuntime : ServiceRuntime)(
      options.service,
      config,
      log,
      connection,
      kafka,
      commandLog,
    );
    const extra = options.extraOutboxes ?? [];
    const topics = [
      options.ownTopic,
      ...extra.map((outbox) => outbox.topic),
      ...(options.readTopics ?? []),
    ]
      .filter((topic): topic is TopicBaseName => Boolean(topic))
      .map((topic) => runtime.topic(topic));
    await retryWithBackoff(() => ensureTopics(kafka, topics, config.topicLayout), {
      what: `Kafka at ${config.kafkaBrokers.join(',')}`,
      log: (line) => log.warn(line),
    });
    await runtime.kafkaAdmin.connect();
    if (options.ownTopic) {
      const main = runtime.startOutbox('events', options.ownTopic, options.upcasters);
      runtime.store = main.store;
      runtime.relay = main.relay;
    }
    for (const outbox of extra) runtime.startOutbox(outbox.collection, outbox.topic);
    log.info(
      { database: redactUrl(databaseUrl(config, options.service)) },
      `${options.service} runtime ready`,
    );
    return runtime;
  }

  topic(base: TopicBaseName): string {
    return topicName(this.config.topicPrefix, base);
  }

  get db() {
    return databaseOf(this.connection);
  }

  /** The event store in `collection`, with a relay that publishes it to `topic`. */
  outbox(collection: string): { store: EventStore; relay: OutboxRelay } {
    const outbox = this.outboxes.get(collection);
    if (!outbox) throw new Error(`${this.service} has no outbox ${collection}`);
    return outbox;
  }

  private startOutbox(collection: string, topic: TopicBaseName, upcasters?: UpcasterChain) {
    const store = new EventStore(this.db, upcasters, collection);
    void store
      .ensureIndexes()
      .catch((error) => this.log.error({ err: error }, `could not index ${collection}`));
    this.publisher ??= new EventPublisher(this.kafka);
    const lease = new Lease(
      this.db,
      `outbox-relay:${collection}`,
      relayOwnerId(this.service),
      10_000,
    );
    const relay = new OutboxRelay(
      store,
      kafkaOutboxSink(this.publisher, this.topic(topic)),
      lease,
      {
        onError: (error) =>
          this.log.warn(
            { err: error, outbox: collection },
            'outbox relay failed; retrying with backoff',
          ),
      },
    );
    relay.start();
    const outbox = { store, relay };
    this.outboxes.set(collection, outbox);
    return outbox;
  }

  /**
   * Starts a projection in the background, retrying with backoff until its consumer has joined
   * (new topics and a fresh broker take a moment); health reports it down until then.
   */
  runProjection(runner: ProjectionRunner): void {
    this.projections.push(runner);
    const name = runner.projection.name;
    const stopped = new AbortController();
    void retryWithBackoff(() => runner.start(), {
      what: `the ${name} projection's consumer group`,
      log: (line) => this.log.warn(line),
      signal: stopped.signal,
    }).catch(() => undefined);
    this.addHealthCheck(name, async () => {
      if (!runner.isConsuming) throw new Error('not consuming yet');
    });
    this.onStop(async () => {
      stopped.abort();
      await runner.stop();
    });
  }

  /** Health, what each outbox has not sent yet, and each projection's lag: `ops status`. */
  async status(): Promise<ServiceStatus> {
    const [health, projections, backlogs, queues] = await Promise.all([
      this.health(),
      this.projectionStatus(),
      Promise.all(
        [...this.outboxes].map(
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
          consumerGroupLag(this.kafka, groupId, topics),
          checkpoints.list(runner.projection.name),
        ]);
        return {
          service: this.service,
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

  /** Which of another service's events (a page the checker sends) the read models here lack. */
  compareProjected(events: EventEnvelope[]): Promise<ProjectedDifference[]> {
    return checkProjectedEvents(this.db, this.projectedReadModels, events);
  }

  /** `ops check`: each event store's size and backlog, each read model against its events. */
  async consistency(): Promise<ServiceConsistency> {
    const stores = await Promise.all(
      [...this.outboxes].map(async ([collection, { store }]) => ({
        collection,
        events: await store.countEvents(),
        unpublished: await store.countUnpublished(),
      })),
    );
    const readModels = [];
    for (const readModel of this.readModels) {
      if (!this.store) throw new Error(`${this.service} has no event store to compare with`);
      readModels.push(await checkReadModel(this.db, this.store, readModel));
    }
    const projects = [...new Set(this.projectedReadModels.flatMap((model) => model.eventTypes))];
    return { service: this.service, stores, readModels, projects };
  }

  storeCollections(): string[] {
    return [...this.outboxes.keys()];
  }

  /** One page of one of this service's event stores, for the checker. */
  eventsPage(request: ParsedRequestOf<ServiceStatusMessages['eventsPage']>): Promise<EventsPage> {
    return this.outbox(request.collection).store.readPage(request.after, request.limit);
  }

  /** A further readiness check reported by health, e.g. that a projection is consuming. */
  addHealthCheck(name: string, check: () => Promise<unknown>): void {
    this.healthChecks.set(name, check);
  }

  async health(): Promise<ServiceHealth> {
    const dependencies = await Promise.all([
      checkDependency('database', () => pingDatabase(this.connection)),
      checkDependency('kafka', () => this.kafkaAdmin.describeCluster()),
      ...[...this.healthChecks].map(([name, check]) => checkDependency(name, check)),
    ]);
    return {
      service: this.service,
      up: dependencies.every((dependency) => dependency.up),
      dependencies,
    };
  }

  /** Work the service started on top of the runtime (consumers, timers), stopped before it. */
  onStop(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  async stop(): Promise<void> {
    for (const hook of this.stopHooks.reverse()) await hook().catch(() => undefined);
    for (const { relay } of this.outboxes.values()) await relay.stop();
    await this.publisher?.disconnect().catch(() => undefined);
    await this.kafkaAdmin.disconnect().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
    this.commandLog?.close();
  }
}

/** The runtime of an event-sourced service: its event store and relay are always there. */
export class EventSourcedRuntime extends ServiceRuntime {
  declare store: EventStore;
  declare relay: OutboxRelay;
}
