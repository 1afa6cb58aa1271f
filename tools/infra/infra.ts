import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  DATABASE_ENGINES,
  type DatabaseEngine,
  describeDatabase,
  killDatabase,
  runningDatabaseEngines,
  selectedDatabaseEngine,
  startDatabase,
  stopDatabase,
} from './database';
import { type InfraContext, infraContext, InfraError } from './infra-context';
import { brokerList, kafkaRoundTrip, startKafka, stopBroker, stopKafka } from './kafka';
import { pingMongo } from './mongo-client';
import { isListening } from './processes';
import { startSmtpCatcher, stopSmtpCatcher } from './smtp';

/** Where each part listens; written by `up` so later commands and services find it. */
export interface InfraState {
  kafkaBrokers: string[];
  mongoUrl: string;
  /**
   * Which server answers at mongoUrl (`COFFER_DB_ENGINE` when `up` ran); absent in states written
   * before the engine could be chosen, which were all FerretDB on SQLite.
   */
  databaseEngine?: DatabaseEngine;
  smtp: { host: string; port: number };
  mailApi: string;
  dataDir: string;
}

function stateFile(context: InfraContext) {
  return join(context.dataDir, 'infra.json');
}

export function readInfraState(context: InfraContext): InfraState | undefined {
  const file = stateFile(context);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as InfraState) : undefined;
}

/** Environment that points services at this infrastructure. */
export function infraEnvironment(state: InfraState): NodeJS.ProcessEnv {
  return {
    COFFER_KAFKA_BROKERS: state.kafkaBrokers.join(','),
    COFFER_MONGO_URL: state.mongoUrl,
    COFFER_INFRA_DIR: state.dataDir,
    // The embedded engine serves a 1 MiB chunk at ~30 MB/s; files serve downloads at disk speed
    // (MongoDB in production can keep them: DatabaseBlobStore, an empty COFFER_BLOB_DIR).
    COFFER_BLOB_DIR: process.env.COFFER_BLOB_DIR ?? join(state.dataDir, 'blobs'),
    COFFER_SMTP_HOST: state.smtp.host,
    COFFER_SMTP_PORT: String(state.smtp.port),
    ...(state.kafkaBrokers.length >= 3
      ? { COFFER_TOPIC_REPLICATION: '3', COFFER_MIN_INSYNC_REPLICAS: '2' }
      : {}),
  };
}

export async function infraUp(brokers = 1): Promise<InfraState> {
  const context = infraContext(brokers);
  const { host, ports } = context.config;
  const started = Date.now();
  const engine = selectedDatabaseEngine();
  // They share the port: another engine left running from an earlier `up` gives way.
  for (const running of runningDatabaseEngines(context).filter((other) => other !== engine)) {
    console.log(`infra: stopping ${running}: the engine is ${engine} now (COFFER_DB_ENGINE)`);
    await stopDatabase(context, running);
  }
  await startDatabase(context, engine);
  await startSmtpCatcher(context);
  await startKafka(context);
  const state: InfraState = {
    kafkaBrokers: brokerList(context),
    mongoUrl: `mongodb://${host}:${ports.mongo}`,
    databaseEngine: engine,
    smtp: { host, port: ports.smtp },
    mailApi: `http://${host}:${ports.smtpHttp}`,
    dataDir: context.dataDir,
  };
  writeFileSync(stateFile(context), JSON.stringify(state, null, 2));
  console.log(`infra: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  kafka     ${state.kafkaBrokers.join(', ')}`);
  console.log(`  mongodb   ${state.mongoUrl} (${describeDatabase(context, engine)})`);
  console.log(`  smtp      ${host}:${ports.smtp}`);
  console.log(
    `  mail      ${state.mailApi}/messages (and .eml files in ${join(context.dataDir, 'smtp', 'mail')})`,
  );
  return state;
}

export async function infraDown(): Promise<void> {
  const context = infraContext();
  await stopKafka(context);
  await stopSmtpCatcher(context);
  for (const engine of DATABASE_ENGINES) await stopDatabase(context, engine);
  console.log('infra: stopped');
}

export async function infraStatus(): Promise<boolean> {
  const context = infraContext();
  const state = readInfraState(context);
  const { host, ports } = context.config;
  const brokers = state?.kafkaBrokers ?? brokerList(context);
  const checks: [string, string, () => Promise<unknown>][] = [
    ['kafka', brokers.join(','), () => kafkaRoundTrip(brokers)],
    [
      'mongodb',
      `${host}:${ports.mongo} (${state?.databaseEngine ?? selectedDatabaseEngine()})`,
      () => pingMongo(`mongodb://${host}:${ports.mongo}`),
    ],
    [
      'smtp',
      `${host}:${ports.smtp}`,
      async () => {
        if (!(await isListening(ports.smtp, host))) throw new Error('not listening');
      },
    ],
  ];
  let allUp = true;
  for (const [name, where, check] of checks) {
    const up = await check().then(
      () => true,
      () => false,
    );
    allUp &&= up;
    console.log(`${name.padEnd(8)} ${up ? 'up  ' : 'down'} ${where}`);
  }
  return allUp;
}

/**
 * Stops, kills or starts one part of running infrastructure, for fault tests and operators
 * rehearsing an outage: `kafka` (every broker), `kafka-<n>` (one broker), `mongodb`, `smtp`.
 * `start` brings back whatever of the part is not running, with the layout `up` chose.
 */
export async function controlPart(action: 'stop' | 'kill' | 'start', part: string): Promise<void> {
  const state = readInfraState(infraContext());
  if (!state) throw new InfraError('no infrastructure is up here: run "npm run infra -- up" first');
  const context = infraContext(state.kafkaBrokers.length);
  // The engine `up` started, whatever COFFER_DB_ENGINE says now.
  const engine = state.databaseEngine ?? 'ferretdb-sqlite';
  const broker = /^kafka-(\d)$/.exec(part);
  if (action === 'start') {
    if (part === 'kafka' || broker) await startKafka(context);
    else if (part === 'mongodb') await startDatabase(context, engine);
    else if (part === 'smtp') await startSmtpCatcher(context);
    else throw new InfraError(`unknown part ${part}: kafka, kafka-<n>, mongodb or smtp`);
    return;
  }
  const crash = action === 'kill';
  if (broker) await stopBroker(context, Number(broker[1]), crash);
  else if (part === 'kafka') {
    // All at once: stopped one by one, the last brokers lose their quorum and hang in shutdown.
    await Promise.all(
      Array.from({ length: context.brokers }, (_, index) => stopBroker(context, index + 1, crash)),
    );
  } else if (part === 'mongodb') {
    await (crash ? killDatabase(context, engine) : stopDatabase(context, engine));
  } else if (part === 'smtp') await stopSmtpCatcher(context);
  else throw new InfraError(`unknown part ${part}: kafka, kafka-<n>, mongodb or smtp`);
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const brokersFlag = rest.indexOf('--brokers');
  const brokers = brokersFlag >= 0 ? Number(rest[brokersFlag + 1]) : 1;
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > 5)
    throw new InfraError('--brokers takes a number from 1 to 5');
  switch (command) {
    case 'up':
      await infraUp(brokers);
      return;
    case 'down':
      await infraDown();
      return;
    case 'status':
      process.exitCode = (await infraStatus()) ? 0 : 1;
      return;
    case 'stop':
    case 'kill':
    case 'start':
      if (!rest[0]) throw new InfraError(`usage: npm run infra -- ${command} <part>`);
      await controlPart(command, rest[0]);
      console.log(`infra: ${command} ${rest[0]}: done`);
      return;
    default:
      throw new InfraError(
        'usage: npm run infra -- up [--brokers 3] | down | status | stop|kill|start kafka|kafka-<n>|mongodb|smtp',
      );
  }
}

if (require.main === module) {
  // Exits when done: a Kafka client of a readiness probe that gave up may still hold a socket.
  main(process.argv.slice(2)).then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      console.error(`infra: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
