import { createHmac, timingSafeEqual } from 'node:crypto';

/** A key in use and the older ones still accepted (the shape of `@coffer/config`'s KeyRing). */
export interface SealKeys {
  current: Buffer;
  previous: Buffer[];
}

/** Where a sealed message carries its proof; taken off again before the handler sees it. */
export const SEAL_FIELD = '__seal';

/** How far a seal's time may be from the receiver's clock: bounds how long a copy can be replayed. */
const MAX_SKEW_MS = 60_000;

interface Seal {
  at: number;
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
  const seal: Seal = { at: now, mac: macOf(keys.current, pattern, now, body) };
  return { ...body, [SEAL_FIELD]: seal };
}

/**
 * Checks a sealed request and takes the seal off the message, in place; false when the seal is
 * missing, stale, or not made with a key of the ring (the current one or a previous one).
 */
export function openServiceCall(
  keys: SealKeys,
  pattern: string,
  message: unknown,
  now = Date.now(),
): boolean {
  if (!message || typeof message !== 'object') return false;
  const body = message as Record<string, unknown>;
  const seal = body[SEAL_FIELD] as Partial<Seal> | undefined;
  delete body[SEAL_FIELD];
  if (!seal || typeof seal.at !== 'number' || typeof seal.mac !== 'string') return false;
  if (Math.abs(now - seal.at) > MAX_SKEW_MS) return false;
  const actual = Buffer.from(seal.mac);
  return [keys.current, ...keys.previous].some((key) => {
    const expected = Buffer.from(macOf(key, pattern, seal.at as number, body));
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  });
}

function macOf(key: Buffer, pattern: string, at: number, body: Record<string, unknown>): string {
  // The message as it travels: JSON keeps the sender's key order, so both ends see one text.
  return createHmac('sha256', key)
    .update(`${pattern}\n${at}\n${JSON.stringify(body)}`)
    .digest('base64url');
}
