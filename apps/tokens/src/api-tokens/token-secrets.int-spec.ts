import { randomBytes } from 'node:crypto';

import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { testEnvironment } from '@coffer/testing';

import { TokenSecrets } from './token-secrets';

// Rotating the encryption key must not lose "Copy Token" for tokens stored under the old key,
// and dropping the old key from the ring must make those copies unreadable, not silently wrong.
describe('TokenSecrets: encryption key rotation, on the database', () => {
  const { config } = testEnvironment('token-secrets');
  let connection: Connection;
  const hmacKey = randomBytes(32);
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  beforeAll(async () => {
    connection = await mongoose.createConnection(databaseUrl(config, 'token-secrets')).asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const secretsWith = (encryptionKey: Buffer, previous: Buffer[] = []) =>
    new TokenSecrets(connection.db!, {
      hmacKey,
      encryptionKey,
      encryptionKeys: { current: encryptionKey, previous },
    });

  it('reveals a copy stored under the old key while the old key is in the ring, and a new copy under the new key', async () => {
    const before = secretsWith(oldKey);
    const oldSecret = before.generate();
    const oldId = before.tokenIdOf(oldSecret)!;
    await before.store(oldId, oldSecret);

    const rotated = secretsWith(newKey, [oldKey]);
    expect(await rotated.reveal(oldId)).toBe(oldSecret);
    const newSecret = rotated.generate();
    const newId = rotated.tokenIdOf(newSecret)!;
    await rotated.store(newId, newSecret);
    expect(await rotated.reveal(newId)).toBe(newSecret);

    const stored = await connection
      .db!.collection('token_secrets')
      .findOne({ _id: newId as never });
    expect(JSON.stringify(stored)).not.toContain(newSecret);

    const oldKeyDropped = secretsWith(newKey);
    expect(await oldKeyDropped.reveal(newId)).toBe(newSecret);
    await expect(oldKeyDropped.reveal(oldId)).rejects.toThrow(/none of the encryption keys/);
  });
});
