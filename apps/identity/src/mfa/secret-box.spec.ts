import { randomBytes } from 'node:crypto';

import { SecretBox } from './secret-box';

describe('secret box', () => {
  const older = randomBytes(32);
  const current = randomBytes(32);

  it('seals without the plain text and opens what it sealed', () => {
    const box = new SecretBox({ current, previous: [] });
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(JSON.stringify(sealed)).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP').iv).not.toBe(sealed.iv);
  });

  it('opens secrets of a previous key after a rotation, and not of a key that was dropped', () => {
    const sealedBefore = new SecretBox({ current: older, previous: [] }).seal('secret');
    expect(new SecretBox({ current, previous: [older] }).open(sealedBefore)).toBe('secret');
    expect(() => new SecretBox({ current, previous: [] }).open(sealedBefore)).toThrow(/no key/);
  });

  it('refuses a secret that was altered', () => {
    const box = new SecretBox({ current, previous: [] });
    const sealed = box.seal('secret');
    const altered = Buffer.from(sealed.ciphertext, 'base64');
    altered[0] ^= 1;
    expect(() => box.open({ ...sealed, ciphertext: altered.toString('base64') })).toThrow();
  });
});
