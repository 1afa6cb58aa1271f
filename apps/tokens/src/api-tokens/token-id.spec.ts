import { tokenIdOf } from './token-id';

describe('tokenIdOf', () => {
  const key = Buffer.alloc(32, 7);
  const secret = 'cft_0123456789abcdefghijklmnopqrstuvwxyzABCD';

  it('gives a secret the same id every time, shaped as a version 8 UUID', () => {
    const id = tokenIdOf(secret, key);
    expect(id).toBe(tokenIdOf(secret, key));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('depends on every character of the secret and on the key', () => {
    const id = tokenIdOf(secret, key);
    expect(tokenIdOf(`${secret.slice(0, -1)}E`, key)).not.toBe(id);
    expect(tokenIdOf(secret, Buffer.alloc(32, 8))).not.toBe(id);
  });

  it('does not contain the secret', () => {
    expect(tokenIdOf(secret, key)).not.toContain(secret.slice(4, 12));
  });
});
