import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { type CofferConfig, loadConfig } from '@coffer/config';

/**
 * The operator's configuration: the environment, and where no key is set there, the keys the
 * local deployment made (`.infra/keys.json`), so `npm run ops -- …` beside `npm start` just works.
 */
export function opsConfig(env: NodeJS.ProcessEnv = process.env): CofferConfig {
  const localKeys = join(loadConfig(env).infraDir, 'keys.json');
  return loadConfig(
    !env.COFFER_KEYS_FILE && existsSync(localKeys) ? { COFFER_KEYS_FILE: localKeys, ...env } : env,
  );
}
