import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import type { KeyRing } from '@coffer/config';

/** A secret encrypted at rest: AES-256-GCM, and which key of the ring sealed it. */
export interface SealedSecret {
  /** The first 8 bytes of SHA-256 of the key, hex: names the key without revealing it. */
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/**
 * Encrypts with the ring's current key and decrypts with whichever key sealed the secret, so
 * the key can be rotated (`COFFER_MFA_SECRET_PREVIOUS_KEYS`) while old secrets still open.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly currentId: string;

  constructor(ring: KeyRing) {
    this.currentId = keyIdOf(ring.current);
    this.keys = new Map([ring.current, ...ring.previous].map((key) => [keyIdOf(key), key]));
  }

  seal(plain: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return {
      keyId: this.currentId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  /** Throws when the key that sealed it is no longer in the ring or the secret was altered. */
  open(sealed: SealedSecret): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`no key ${sealed.keyId} in the MFA secret key ring`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  }
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
