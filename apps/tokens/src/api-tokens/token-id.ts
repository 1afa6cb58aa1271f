import { createHmac } from 'node:crypto';

/**
 * A token's id, derived from its secret: the HMAC-SHA256 of the secret under the server's key,
 * its first 128 bits laid out as a UUID (version 8, "custom"). Authenticating a token is then
 * one read of its document by `_id`, with no separate lookup from the secret's hash to the
 * token. The id may be shown and logged: without the key, and the 240 random bits of the
 * secret, it leads nowhere.
 */
export function tokenIdOf(secret: string, hmacKey: Buffer): string {
  const hex = createHmac('sha256', hmacKey).update(secret).digest('hex').slice(0, 32);
  const version = `8${hex.slice(13, 16)}`;
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16) + hex.slice(17, 20);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${version}-${variant}-${hex.slice(20, 32)}`;
}
