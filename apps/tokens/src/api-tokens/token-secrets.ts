import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import type { mongo } from 'mongoose';

import type { KeyRing } from '@coffer/config';

import { tokenIdOf } from './token-id';

/** Every token starts with this, so a password and a token can never be mistaken for each other. */
export const TOKEN_PREFIX = 'cft_';

interface SecretDocument {
  /** The token's id, itself derived from the secret's HMAC (see tokenIdOf). */
  _id: string;
  /** AES-256-GCM copy, for "Copy Token" of a still-valid token. */
  ciphertext: string;
  iv: string;
  tag: string;
}

/**
 * Generates, stores (encrypted, never plain) and recognises token secrets. A secret names its
 * token: the token's id is derived from the secret's keyed hash, so no lookup document is needed.
 * While the HMAC key is rotated, a token made under an older key is found by the id that key
 * gives (one more read by `_id` per older key, for such tokens only).
 */
export class TokenSecrets {
  private readonly secrets: mongo.Collection<SecretDocument>;

  constructor(
    db: mongo.Db,
    private readonly keys: {
      hmacKey: Buffer;
      encryptionKey: Buffer;
      hmacKeys?: KeyRing;
      encryptionKeys?: KeyRing;
    },
  ) {
    this.secrets = db.collection<SecretDocument>('token_secrets');
  }

  generate(): string {
    return `${TOKEN_PREFIX}${randomBytes(30).toString('base64url')}`;
  }

  /** The id a token made now with this secret gets; undefined for what cannot be a secret. */
  tokenIdOf(secret: string): string | undefined {
    return this.candidateIdsOf(secret)[0];
  }

  /** Where the token of this secret may be: its id under the current key, then older keys. */
  candidateIdsOf(secret: string): string[] {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return [];
    const keys = [this.keys.hmacKey, ...(this.keys.hmacKeys?.previous ?? [])];
    return keys.map((key) => tokenIdOf(secret, key));
  }

  async store(tokenId: string, secret: string): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    await this.secrets.insertOne({
      _id: tokenId,
      ciphertext: ciphertext.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    });
  }

  async reveal(tokenId: string): Promise<string | undefined> {
    const document = await this.secrets.findOne({ _id: tokenId });
    if (!document) return undefined;
    const keys = [this.keys.encryptionKey, ...(this.keys.encryptionKeys?.previous ?? [])];
    for (const key of keys) {
      try {
        return decrypt(document, key);
      } catch {
        // Encrypted under another key of the ring (GCM refuses a wrong key): try the next.
      }
    }
    throw new Error(`the copy of token ${tokenId} opens with none of the encryption keys`);
  }
}

function decrypt(document: SecretDocument, key: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(document.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(document.tag, 'base64'));
  return Buffer.concat([
    decipher.update(Buffer.from(document.ciphertext, 'base64')),
    decipher.final(),
  ]).toString('utf8');
}
