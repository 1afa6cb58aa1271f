import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The secret keys a deployment must bring: none has a default, anywhere. */
export const KEY_VARIABLES = {
  tokenHmac: 'COFFER_TOKEN_HMAC_KEY',
  tokenEncryption: 'COFFER_TOKEN_ENCRYPTION_KEY',
  downloadGrant: 'COFFER_DOWNLOAD_GRANT_KEY',
  serviceCalls: 'COFFER_SERVICE_KEY',
  mfaSecretEncryption: 'COFFER_MFA_SECRET_KEY',
} as const;
export type KeyName = keyof typeof KEY_VARIABLES;

/**
 * A key in use and the older ones still accepted, for verification and decryption only, while
 * what they protected is rotated out: `COFFER_<NAME>_KEY` holds the current key and
 * `COFFER_<NAME>_PREVIOUS_KEYS` the older ones, comma-separated; each 32 bytes, base64.
 */
export interface KeyRing {
  current: Buffer;
  previous: Buffer[];
}

const WHAT_FOR: Record<KeyName, string> = {
  tokenHmac: 'the tokens service finds API tokens by a keyed hash',
  tokenEncryption: 'the tokens service keeps an encrypted copy of each token for "Copy Token"',
  downloadGrant: 'pst-export signs the short-lived grants that stream PST files',
  serviceCalls: 'the gateway, ops and the backend services seal every request between them',
  mfaSecretEncryption: "identity encrypts administrators' TOTP secrets at rest",
};

export class MissingKeyError extends Error {}

/** Which keys each backend service cannot start without (every one seals its calls). */
export const KEYS_NEEDED_BY: Record<string, KeyName[]> = {
  identity: ['serviceCalls', 'mfaSecretEncryption'],
  profiles: ['serviceCalls'],
  tokens: ['serviceCalls', 'tokenHmac', 'tokenEncryption'],
  'pst-export': ['serviceCalls', 'downloadGrant'],
  audit: ['serviceCalls'],
  gateway: ['serviceCalls'],
};

/** Throws MissingKeyError, naming the variable, when `service` lacks a key it needs. */
export function assertKeysFor(env: NodeJS.ProcessEnv, service: string): void {
  for (const name of KEYS_NEEDED_BY[service] ?? []) keyRingFrom(env, name);
}

/** Reads a key ring from the environment, or says which variable is missing and how to make it. */
export function keyRingFrom(env: NodeJS.ProcessEnv, name: KeyName): KeyRing {
  const variable = KEY_VARIABLES[name];
  const current = env[variable];
  if (!current) {
    throw new MissingKeyError(
      `${variable} is not set: ${WHAT_FOR[name]}. Make a key with \`openssl rand -base64 32\` ` +
        `and set it (npm start and npm test make their own in .infra/keys.json).`,
    );
  }
  const previousVariable = variable.replace(/_KEY$/, '_PREVIOUS_KEYS');
  const previous = (env[previousVariable] ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  return {
    current: decodeKey(variable, current),
    previous: previous.map((value) => decodeKey(previousVariable, value)),
  };
}

function decodeKey(variable: string, base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== 32)
    throw new MissingKeyError(`${variable} must be 32 bytes, base64-encoded`);
  return bytes;
}

/** Key variables kept in a JSON file (`COFFER_KEYS_FILE`), as `localDeploymentKeys` writes it. */
export function keysFromFile(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new MissingKeyError(
      `COFFER_KEYS_FILE names ${file}, which cannot be read as JSON: ${(error as Error).message}`,
    );
  }
  const known = new Set<string>(Object.values(KEY_VARIABLES));
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).filter(
      (entry): entry is [string, string] =>
        (known.has(entry[0]) || entry[0].endsWith('_PREVIOUS_KEYS')) &&
        typeof entry[1] === 'string',
    ),
  );
}

/**
 * The keys of a local deployment (`npm start`, `npm test`, the benchmarks): random, made once
 * into `<infraDir>/keys.json` (mode 0600, git-ignored) and the same on every later run, as
 * environment variables for the services.
 */
export function localDeploymentKeys(infraDir: string): Record<string, string> {
  const file = join(infraDir, 'keys.json');
  const existing = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
    : undefined;
  const missing = Object.values(KEY_VARIABLES).filter((variable) => !existing?.[variable]);
  if (existing && missing.length === 0) return existing;
  // A key this version needs that an older run did not make is added; the others stay.
  const keys = {
    ...existing,
    ...Object.fromEntries(
      missing.map((variable) => [variable, randomBytes(32).toString('base64')]),
    ),
  };
  mkdirSync(infraDir, { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(keys, null, 2), {
      mode: 0o600,
      flag: existing ? 'w' : 'wx',
    });
  } catch (error) {
    // Another process made them first: theirs are the deployment's keys.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  }
  return keys;
}
