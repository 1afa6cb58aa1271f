import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { SeenSeals } from './seen-seals';

/** A key in use and the older ones still accepted (the shape of `@coffer/config`'s KeyRing). */
export interface SealKeys {
  current: Buffer;
  previous: Buffer[];
}

/** Where a sealed message carries its proof; taken off again before the handler sees it. */
export const SEAL_FIELD = '__seal';

/** How far a seal's time may be from the receiver's clock (and how long its receiver remembers it). */
export const MAX_SEAL_SKEW_MS = 60_000;

interface Seal {
  at: number;
  /** Random: two identical calls in one millisecond still carry two seals. */
  nonce: string;
  mac: string;
}

/**
 * Seals a request to a backend service with the deployment's service key: an HMAC over the
 * pattern, the time and the message, so a service obeys only callers that hold the key (the
 * gateway, ops, the tests' seeder) and nothing in the message, the actor included, can be
 * changed on the way.
 */
export function sealServiceCall(
  keys: SealKeys,
  pattern: string,
  message: unknown,
  now = Date.now(),
): Record<string, unknown> {
  const body = (message ?? {}) as Record<string, unknown>;
  const nonce = randomBytes(12).toString('base64url');
  const seal: Seal = { at: now, nonce, mac: macOf(keys.current, pattern, now, nonce, body) };
  return { ...body, [SEAL_FIELD]: seal };
}

/**
 * Checks a sealed request and takes the seal off the message, in place; false when the seal is
 * missing, stale, not made with a key of the ring (the current one or a previous one), or — given
 * the receiver's `seen` seals — presented before: a captured call cannot be replayed.
 */
export function openServiceCall(
  keys: SealKeys,
  pattern: string,
  message: unknown,
  { now = Date.now(), seen }: { now?: number; seen?: SeenSeals } = {},
): boolean {
  if (!message || typeof message !== 'object') return false;
  const body = message as Record<string, unknown>;
  const seal = body[SEAL_FIELD] as Partial<Seal> | undefined;
  delete body[SEAL_FIELD];
  if (!seal || typeof seal.at !== 'number' || typeof seal.mac !== 'string') return false;
  if (typeof seal.nonce !== 'string' || seal.nonce.length > 64) return false;
  if (Math.abs(now - seal.at) > MAX_SEAL_SKEW_MS) return false;
  const { at, nonce, mac } = seal as Seal;
  const actual = Buffer.from(mac);
  const genuine = [keys.current, ...keys.previous].some((key) => {
    const expected = Buffer.from(macOf(key, pattern, at, nonce, body));
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  });
  return genuine && (seen?.firstTime(mac, at, now) ?? true);
}

function macOf(
  key: Buffer,
  pattern: string,
  at: number,
  nonce: string,
  body: Record<string, unknown>,
): string {
  // The message as it travels: JSON keeps the sender's key order, so both ends see one text.
  return createHmac('sha256', key)
    .update(`${pattern}\n${at}\n${nonce}\n${JSON.stringify(body)}`)
    .digest('base64url');
}
