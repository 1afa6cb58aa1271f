import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

import type { mongo } from 'mongoose';

/** Every token starts with this, so a password and a token can never be mistaken for each other. */
export const TOKEN_PREFIX = 'cft_';

interface SecretDocument {
  /** HMAC-SHA256 of the secret: the lookup key, verified without ever comparing plain text. */
  _id: string;
  tokenId: string;
  /** AES-256-GCM copy, for "Copy Token" of a still-valid token. */
  ciphertext: string;
  iv: string;
  tag: string;
}

/** Generates, stores (hashed and encrypted, never plain) and recognises token secrets. */
export class TokenSecrets {
  private readonly secrets: mongo.Collection<SecretDocument>;

  constructor(
    db: mongo.Db,
    private readonly keys: { hmacKey: Buffer; encryptionKey: Buffer },
  ) {
    this.secrets = db.collection<SecretDocument>('token_secrets');
  }

  generate(): string {
    return `${TOKEN_PREFIX}${randomBytes(30).toString('base64url')}`;
  }

  async store(tokenId: string, secret: string): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    await this.secrets.insertOne({
      _id: this.keyedHash(secret),
      tokenId,
      ciphertext: ciphertext.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    });
  }

  /** The token a secret belongs to, found by its keyed hash. */
  async tokenIdOf(secret: string): Promise<string | undefined> {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return undefined;
    return (await this.secrets.findOne({ _id: this.keyedHash(secret) }))?.tokenId;
  }

  async reveal(tokenId: string): Promise<string | undefined> {
    const document = await this.secrets.findOne({ tokenId });
    if (!document) return undefined;
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.keys.encryptionKey,
      Buffer.from(document.iv, 'base64'),
    );
    decipher.setAuthTag(Buffer.from(document.tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(document.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  }

  private keyedHash(secret: string): string {
    return createHmac('sha256', this.keys.hmacKey).update(secret).digest('hex');
  }
}
