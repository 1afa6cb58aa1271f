import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

import { type CofferConfig, loadConfig } from '@coffer/config';

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface InfraContext {
  config: CofferConfig;
  /** Data, logs and pid files of this checkout's infrastructure (git-ignored). */
  dataDir: string;
  /** Downloads and builds shared by every checkout on the machine (outside the repository). */
  cacheDir: string;
  brokers: number;
}

export function infraContext(brokers = 1): InfraContext {
  const config = loadConfig({ COFFER_INFRA_DIR: join(REPO_ROOT, '.infra'), ...process.env });
  const cacheDir = process.env.COFFER_CACHE_DIR ?? join(homedir(), '.cache', 'coffer');
  mkdirSync(config.infraDir, { recursive: true });
  mkdirSync(cacheDir, { recursive: true });
  return { config, dataDir: config.infraDir, cacheDir, brokers };
}

/** A step that cannot go on; its message names what is missing and what to do. */
export class InfraError extends Error {}
