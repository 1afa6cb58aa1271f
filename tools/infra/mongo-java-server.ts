import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';

import { type InfraContext, InfraError } from './infra-context';
import { resolveWithMaven } from './maven';
import { pingMongo } from './mongo-client';
import {
  assertPortFree,
  killDaemon,
  requireTool,
  runningPid,
  startDaemon,
  stopDaemon,
  waitUntil,
} from './processes';

export const MONGO_JAVA_SERVER_VERSION = '1.47.0';
const SLF4J_VERSION = '2.0.17';
const LAUNCHER_CLASS = 'MongoJavaServerLauncher';
/** The launcher and the H2 backend it runs, with documents stored as BSON (CofferH2Database.java). */
const LAUNCHER_SOURCES_DIR = join(__dirname, 'mongo-java-server-launcher');

export interface MongoJavaServerOptions {
  /**
   * false keeps MVStore's own commit about once a second, which loses up to a second of
   * acknowledged writes on kill -9: only for measuring what committing every write costs.
   */
  commitEveryWrite?: boolean;
}

/**
 * MVStore's page cache, when COFFER_MONGO_CACHE_MB sets it: the launcher's flag for it, checked
 * here so a typo fails with a sentence, not a JVM stack trace. Unset, the launcher's default holds.
 */
function cacheFlag(): string[] {
  const text = process.env.COFFER_MONGO_CACHE_MB;
  if (text === undefined || text === '') return [];
  const megabytes = Number(text);
  if (!Number.isInteger(megabytes) || megabytes < 1 || megabytes > 1536)
    throw new InfraError('COFFER_MONGO_CACHE_MB must be a whole number of MB from 1 to 1536');
  return [`-Dcoffer.cacheMegabytes=${megabytes}`];
}

export function mongoJavaServerDir(context: InfraContext): string {
  return join(context.dataDir, 'mongo-java-server');
}

export function mongoJavaServerPidFile(context: InfraContext): string {
  return join(mongoJavaServerDir(context), 'mongo-java-server.pid');
}

/**
 * Named for its format: the store of the stock H2 backend (`store.mv.db`, before documents were
 * stored as BSON) cannot be read by this launcher, so a data directory that holds one keeps it
 * untouched beside the new store.
 */
export function mongoJavaServerStoreFile(context: InfraContext): string {
  return join(mongoJavaServerDir(context), 'data', 'store-bson.mv.db');
}

/**
 * Resolves mongo-java-server and its H2 backend from Maven Central once per machine, and compiles
 * the launcher next to them; a changed launcher source compiles into a directory of its own.
 */
export function provisionMongoJavaServer(context: InfraContext): { classpath: string } {
  const home = join(context.cacheDir, `mongo-java-server-${MONGO_JAVA_SERVER_VERSION}`);
  const libs = join(home, 'libs');
  if (
    !existsSync(libs) ||
    !readdirSync(libs).some((jar) => jar.startsWith('mongo-java-server-h2-backend-')) ||
    !readdirSync(libs).some((jar) => jar.startsWith('slf4j-simple-'))
  ) {
    resolveWithMaven(context, {
      what: `mongo-java-server ${MONGO_JAVA_SERVER_VERSION}`,
      dir: home,
      libs,
      pom: runtimePom(),
    });
  }
  const sourceNames = readdirSync(LAUNCHER_SOURCES_DIR)
    .filter((file) => file.endsWith('.java'))
    .sort();
  const sources = sourceNames.map((file) => join(LAUNCHER_SOURCES_DIR, file));
  // Named by the sources' names and contents, not their path: checkouts of one commit share it.
  const digest = createHash('sha256');
  sourceNames.forEach((name, i) => digest.update(name).update(readFileSync(sources[i])));
  const classes = join(home, `launcher-${digest.digest('hex').slice(0, 16)}`);
  if (!existsSync(join(classes, `${LAUNCHER_CLASS}.class`))) {
    requireTool('javac', ['-version'], 'install a Java 17 JDK (Debian: openjdk-17-jdk-headless)');
    // Compiled beside the final directory and renamed into place, so a second checkout starting
    // at the same moment never sees half a compilation.
    const scratch = mkdtempSync(join(home, 'launcher-compiling-'));
    try {
      const result = spawnSync(
        'javac',
        ['-cp', `${libs}/*`, '-d', scratch, '-Xlint:-options', ...sources],
        { encoding: 'utf8' },
      );
      if (result.status !== 0)
        throw new InfraError(
          `javac could not compile ${LAUNCHER_SOURCES_DIR}: ${result.stderr.trim()}`,
        );
      if (!existsSync(classes)) renameSync(scratch, classes);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return { classpath: `${classes}:${libs}/*` };
}

function runtimePom(): string {
  // slf4j-simple gives the server's warnings and errors a way into its log file.
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.coffer</groupId><artifactId>mongo-java-server-runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>de.bwaldvogel</groupId><artifactId>mongo-java-server</artifactId><version>${MONGO_JAVA_SERVER_VERSION}</version></dependency>
    <dependency><groupId>de.bwaldvogel</groupId><artifactId>mongo-java-server-h2-backend</artifactId><version>${MONGO_JAVA_SERVER_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>${SLF4J_VERSION}</version></dependency>
  </dependencies>
</project>
`;
}

export async function startMongoJavaServer(
  context: InfraContext,
  options: MongoJavaServerOptions = {},
): Promise<void> {
  const { classpath } = provisionMongoJavaServer(context);
  const { host, ports } = context.config;
  const dir = mongoJavaServerDir(context);
  const logFile = join(dir, 'mongo-java-server.log');
  const pidFile = mongoJavaServerPidFile(context);
  if (!runningPid(pidFile)) {
    await assertPortFree(ports.mongo, host, 'mongo-java-server');
    mkdirSync(join(dir, 'data'), { recursive: true });
    startDaemon({
      name: 'mongo-java-server',
      command: 'java',
      args: [
        '-Xms128m',
        '-Xmx2g',
        '-XX:+UseG1GC',
        ...cacheFlag(),
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
        '-Dorg.slf4j.simpleLogger.showDateTime=true',
        '-cp',
        classpath,
        LAUNCHER_CLASS,
        host,
        String(ports.mongo),
        mongoJavaServerStoreFile(context),
        ...(options.commitEveryWrite === false ? ['--commit-every-second'] : []),
      ],
      pidFile,
      logFile,
    });
  }
  await waitUntil(
    'mongo-java-server',
    () => pingMongo(`mongodb://${host}:${ports.mongo}`),
    60_000,
    logFile,
  );
}

export function stopMongoJavaServer(context: InfraContext): Promise<boolean> {
  return stopDaemon(mongoJavaServerPidFile(context), 30_000);
}

export function killMongoJavaServer(context: InfraContext): Promise<boolean> {
  return killDaemon(mongoJavaServerPidFile(context));
}
