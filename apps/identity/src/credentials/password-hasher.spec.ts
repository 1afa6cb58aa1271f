import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('verifies the password it hashed with argon2id, and no other', async () => {
    const hash = await hasher.hash('correct horse battery staple');

    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(hasher.verify(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'Correct horse battery staple')).resolves.toBe(false);
  });

  it('asks for a rehash of hashes made with weaker or other parameters only', async () => {
    expect(hasher.needsRehash(await hasher.hash('correct horse battery staple'))).toBe(false);
    expect(hasher.needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$aGFzaA')).toBe(true);
    expect(hasher.needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA')).toBe(true);
    expect(hasher.needsRehash('$2b$10$notargon')).toBe(true);
  });

  it('answers false for an unknown account after doing the same work', async () => {
    await expect(hasher.verifyAgainstDummy('anything at all')).resolves.toBe(false);
  });
});
