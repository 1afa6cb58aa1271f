import type { Connection } from 'mongoose';

import { type CofferConfig, databaseUrl, loadConfig } from '@coffer/config';
import { type TopicBaseName, topicName } from '@coffer/contracts';
import {
  EventStore,
  kafkaOutboxSink,
  Lease,
  OutboxRelay,
  type ProjectedReadModel,
  type ProjectionRunner,
  relayOwnerId,
  UpcasterChain,
  type VersionedReadModel,
} from '@coffer/event-sourcing';
import { createKafka, ensureTopics, EventPublisher, type Kafka } from '@coffer/messaging';

import { connectDatabase, databaseOf, pingDatabase, redactUrl } from './database';
import { DbCommandLog, dbCommandLogFile } from './db-command-log';
import { createLogger, type Logger } from './logger';
import { retryWithBackoff } from './retry';
import { ServiceChecks } from './service-checks';
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
  private readonly outboxes = new Map<string, { store: EventStore; relay: OutboxRelay }>();
  private publisher?: EventPublisher;
  private readonly kafkaAdmin;
  private readonly stopHooks: (() => Promise<void>)[] = [];
  readonly metrics: ServiceMetrics;
  /** What the service says about itself (health, status, consistency): the health controller's. */
  readonly checks: ServiceChecks;

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
    const admin = this.kafkaAdmin;
    this.checks = new ServiceChecks({
      service,
      db: databaseOf(connection),
      kafka,
      outboxes: this.outboxes,
      pingDatabase: () => pingDatabase(connection),
      describeKafka: () => admin.describeCluster(),
    });
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
    if (options.ownTopic) runtime.startOutbox('events', options.ownTopic, options.upcasters);
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
    this.checks.addProjection(runner);
    const name = runner.projection.name;
    const stopped = new AbortController();
    void retryWithBackoff(() => runner.start(), {
      what: `the ${name} projection's consumer group`,
      log: (line) => this.log.warn(line),
      signal: stopped.signal,
    }).catch(() => undefined);
    this.checks.addHealthCheck(name, async () => {
      if (!runner.isConsuming) throw new Error('not consuming yet');
    });
    this.onStop(async () => {
      stopped.abort();
      await runner.stop();
    });
  }

  /** A read model folded from the main event store, compared with it by `ops check`. */
  addReadModel(readModel: VersionedReadModel): void {
    this.checks.addReadModel(readModel);
  }

  /** A read model folded from another service's events, compared by `ops check`. */
  addProjectedReadModel(readModel: ProjectedReadModel): void {
    this.checks.addProjectedReadModel(readModel);
  }

  /** Work the service started on top of the runtime (consumers, timers), stopped before it. */
  onStop(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  async stop(): Promise<void> {
    // Side by side: each consumer's leaving its group waits on its own broker round trip, and
    // one after the other they made a stop (and every test's teardown) take several seconds.
    await Promise.all(this.stopHooks.map((hook) => hook().catch(() => undefined)));
    await Promise.all([...this.outboxes.values()].map(({ relay }) => relay.stop()));
    await this.publisher?.disconnect().catch(() => undefined);
    await this.kafkaAdmin.disconnect().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
    this.commandLog?.close();
  }
}

/** The runtime of an event-sourced service: its event store and relay are always there. */
export class EventSourcedRuntime extends ServiceRuntime {
  /** The service's own event store (`events`), relayed to its own topic. */
  get store(): EventStore {
    return this.outbox('events').store;
  }

  /** Nudged after an append, so the events leave at once rather than at the next poll. */
  get relay(): OutboxRelay {
    return this.outbox('events').relay;
  }
}
