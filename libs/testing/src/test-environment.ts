import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { type CofferConfig, loadConfig, localDeploymentKeys } from '@coffer/config';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Services started by tests sit this far above the default ports, beside a running `npm start`
 * (`COFFER_TEST_PORT_OFFSET` moves them, for a second test run on the same machine).
 */
export const TEST_PORT_OFFSET = Number(process.env.COFFER_TEST_PORT_OFFSET ?? 1_000);

/**
 * The environment of one test file: the running local infrastructure (`npm run infra -- up`)
 * and a namespace of its own, so its databases and topics are fresh and nothing leaks between files.
 */
export function testEnvironment(label: string): {
  env: NodeJS.ProcessEnv;
  config: CofferConfig;
  mailApi: string;
} {
  const stateFile = join(process.env.COFFER_INFRA_DIR ?? join(REPO_ROOT, '.infra'), 'infra.json');
  if (!existsSync(stateFile)) {
    throw new Error(
      `no local infrastructure (${stateFile} is missing): run "npm run infra -- up" first`,
    );
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
    kafkaBrokers: string[];
    mongoUrl: string;
    dataDir: string;
    smtp: { host: string; port: number };
    mailApi: string;
  };
  const namespace = `t-${label}-${randomBytes(3).toString('hex')}`.toLowerCase().slice(0, 31);
  const env: NodeJS.ProcessEnv = {
    COFFER_NAMESPACE: namespace,
    COFFER_PORT_OFFSET: String(TEST_PORT_OFFSET),
    COFFER_KAFKA_BROKERS: state.kafkaBrokers.join(','),
    COFFER_MONGO_URL: state.mongoUrl,
    COFFER_INFRA_DIR: state.dataDir,
    COFFER_SMTP_HOST: state.smtp.host,
    COFFER_SMTP_PORT: String(state.smtp.port),
    COFFER_LOG_LEVEL: process.env.COFFER_LOG_LEVEL ?? 'info',
    // Blobs in files of the infrastructure's directory, one directory per namespace (an empty
    // COFFER_BLOB_DIR keeps them in the database, as DatabaseBlobStore does).
    COFFER_BLOB_DIR:
      process.env.COFFER_BLOB_DIR === ''
        ? ''
        : join(process.env.COFFER_BLOB_DIR ?? join(state.dataDir, 'blobs'), namespace),
    // The infrastructure's own keys: none has a default, so every test brings them.
    ...localDeploymentKeys(state.dataDir),
  };
  return { env, config: loadConfig(env), mailApi: state.mailApi };
}
