import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { createKafka, EventPublisher, type Kafka } from '@coffer/messaging';

import { type InfraContext, InfraError } from './infra-context';
import { resolveWithMaven } from './maven';
import {
  assertPortFree,
  killDaemon,
  runningPid,
  startDaemon,
  stopDaemon,
  waitUntil,
} from './processes';

export const KAFKA_VERSION = '4.1.1';
const LOG4J_VERSION = '2.24.3';

/** Resolves the broker's jars from Maven Central once per machine, into the cache. */
export function provisionKafka(context: InfraContext): string {
  const libs = join(context.cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
  if (existsSync(libs) && readdirSync(libs).some((jar) => jar.startsWith('kafka_2.13-')))
    return libs;
  resolveWithMaven(context, {
    what: `Apache Kafka ${KAFKA_VERSION}`,
    dir: join(context.cacheDir, `kafka-${KAFKA_VERSION}`),
    libs,
    pom: kafkaRuntimePom(),
  });
  return libs;
}

function kafkaRuntimePom(): string {
  // kafka_2.13 brings the broker, kafka-tools the storage formatter; log4j's slf4j 1.x binding
  // matches the slf4j-api that Kafka 4.1 uses, so the broker's own log reaches its log file.
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.coffer</groupId><artifactId>kafka-runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
`;
}

interface BrokerNode {
  nodeId: number;
  port: number;
  controllerPort: number;
  dir: string;
}

export function brokerNodes(context: InfraContext): BrokerNode[] {
  const { ports } = context.config;
  return Array.from({ length: context.brokers }, (_, index) => ({
    nodeId: index + 1,
    port: ports.kafka + index * 100,
    controllerPort: ports.kafkaController + index * 100,
    dir: join(context.dataDir, 'kafka', `node-${index + 1}`),
  }));
}

export function brokerList(context: InfraContext): string[] {
  return brokerNodes(context).map((node) => `${context.config.host}:${node.port}`);
}

export async function startKafka(context: InfraContext): Promise<void> {
  const libs = provisionKafka(context);
  const host = context.config.host;
  const nodes = brokerNodes(context);
  const voters = nodes.map((node) => `${node.nodeId}@${host}:${node.controllerPort}`).join(',');
  const clusterIdFile = join(context.dataDir, 'kafka', 'cluster-id');
  mkdirSync(join(context.dataDir, 'kafka'), { recursive: true });
  if (!existsSync(clusterIdFile))
    writeFileSync(clusterIdFile, randomBytes(16).toString('base64url'));
  const clusterId = readFileSync(clusterIdFile, 'utf8').trim();
  const classpath = `${libs}/*`;
  for (const node of nodes) {
    const pidFile = join(node.dir, 'kafka.pid');
    if (runningPid(pidFile)) continue;
    await assertPortFree(node.port, host, `Kafka broker ${node.nodeId}`);
    await assertPortFree(node.controllerPort, host, `Kafka controller ${node.nodeId}`);
    mkdirSync(join(node.dir, 'data'), { recursive: true });
    const properties = join(node.dir, 'server.properties');
    writeFileSync(properties, serverProperties(node, host, voters, nodes.length));
    writeFileSync(join(node.dir, 'log4j2.properties'), LOG4J_PROPERTIES);
    if (!existsSync(join(node.dir, 'data', 'meta.properties'))) {
      const format = spawnSync(
        'java',
        [
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          // The = form: a random id may start with "-", which would read as an option.
          `--cluster-id=${clusterId}`,
          `--config=${properties}`,
        ],
        {
          encoding: 'utf8',
        },
      );
      if (format.status !== 0)
        throw new InfraError(
          `could not format Kafka storage in ${node.dir}: ${format.stderr || format.stdout}`,
        );
    }
    startDaemon({
      name: `kafka-${node.nodeId}`,
      command: 'java',
      args: [
        '-Xms256m',
        '-Xmx768m',
        '-XX:+UseG1GC',
        `-Dlog4j2.configurationFile=${join(node.dir, 'log4j2.properties')}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        properties,
      ],
      pidFile,
      logFile: join(node.dir, 'kafka.log'),
    });
  }
  // Three brokers restarted under load on a busy 2-core machine once needed over 90 s (the fault
  // suite, load average ~40); a ready cluster answers at once, so the bound costs nothing.
  await waitUntil(
    'Kafka',
    () => kafkaRoundTrip(brokerList(context)),
    180_000,
    join(nodes[0].dir, 'kafka.log'),
  );
}

/** Stops (or, with `crash`, kills) one broker of the cluster, by node id. */
export async function stopBroker(
  context: InfraContext,
  nodeId: number,
  crash: boolean,
): Promise<void> {
  const pidFile = join(context.dataDir, 'kafka', `node-${nodeId}`, 'kafka.pid');
  if (!runningPid(pidFile)) throw new InfraError(`Kafka broker ${nodeId} is not running`);
  await (crash ? killDaemon(pidFile) : stopDaemon(pidFile, 20_000));
}

export async function stopKafka(context: InfraContext): Promise<void> {
  const dirs = existsSync(join(context.dataDir, 'kafka'))
    ? readdirSync(join(context.dataDir, 'kafka'))
    : [];
  for (const dir of dirs.filter((name) => name.startsWith('node-'))) {
    await stopDaemon(join(context.dataDir, 'kafka', dir, 'kafka.pid'), 30_000);
  }
}

function serverProperties(
  node: BrokerNode,
  host: string,
  voters: string,
  clusterSize: number,
): string {
  const replication = Math.min(3, clusterSize);
  return [
    'process.roles=broker,controller',
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://${host}:${node.port},CONTROLLER://${host}:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${node.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${join(node.dir, 'data')}`,
    'auto.create.topics.enable=false',
    `offsets.topic.replication.factor=${replication}`,
    `transaction.state.log.replication.factor=${replication}`,
    `transaction.state.log.min.isr=${Math.min(2, replication)}`,
    `default.replication.factor=${replication}`,
    `min.insync.replicas=${Math.min(2, replication)}`,
    'group.initial.rebalance.delay.ms=0',
    'num.partitions=3',
    '',
  ].join('\n');
}

const LOG4J_PROPERTIES = `status = warn
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.console.ref = console
logger.kafka.name = kafka
logger.kafka.level = info
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = info
`;

/** Ready means a message produced can be consumed back, not just an open port. */
export async function kafkaRoundTrip(brokers: string[]): Promise<void> {
  const kafka: Kafka = createKafka({ brokers, clientId: 'coffer-infra' });
  const admin = kafka.admin();
  await admin.connect();
  const topic = '__coffer_readiness';
  try {
    if (!(await admin.listTopics()).includes(topic)) {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    }
    const publisher = new EventPublisher(kafka);
    const marker = randomBytes(8).toString('hex');
    try {
      await publisher.publish([{ topic, key: 'readiness', value: marker }]);
    } finally {
      await publisher.disconnect();
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    if (!offsets.some((offset) => Number(offset.high) > 0)) throw new Error('message not stored');
  } finally {
    await admin.disconnect();
  }
}
