import type { mongo } from 'mongoose';

import { tokenIdOf } from './token-id';
import { TokenSecrets } from './token-secrets';

describe('TokenSecrets.candidateIdsOf', () => {
  const current = Buffer.alloc(32, 1);
  const older = Buffer.alloc(32, 2);
  const db = { collection: () => ({}) } as unknown as mongo.Db;
  const secrets = new TokenSecrets(db, {
    hmacKey: current,
    encryptionKey: Buffer.alloc(32, 3),
    hmacKeys: { current, previous: [older] },
  });

  it('names the id under the current key first, then under each older key of the ring', () => {
    const secret = secrets.generate();
    expect(secrets.candidateIdsOf(secret)).toEqual([
      tokenIdOf(secret, current),
      tokenIdOf(secret, older),
    ]);
    expect(secrets.tokenIdOf(secret)).toBe(tokenIdOf(secret, current));
  });

  it('names nothing for what cannot be a token (a password, something huge)', () => {
    expect(secrets.candidateIdsOf('a long passphrase')).toEqual([]);
    expect(secrets.candidateIdsOf(`cft_${'x'.repeat(200)}`)).toEqual([]);
    expect(secrets.tokenIdOf('a long passphrase')).toBeUndefined();
  });
});
