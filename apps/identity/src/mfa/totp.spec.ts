import { totpCode } from '@coffer/testing';

import { matchingStep, newTotpSecret, otpauthUri } from './totp';

// RFC 6238 appendix B: the SHA-1 key "12345678901234567890", base32, codes cut to six digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it("accepts RFC 6238's test vectors at their times, with the step they belong to", () => {
    expect(matchingStep('287082', RFC_SECRET, new Date(59_000))).toBe(1);
    expect(matchingStep('081804', RFC_SECRET, new Date(1_111_111_109_000))).toBe(37_037_036);
    expect(matchingStep('005924', RFC_SECRET, new Date(1_234_567_890_000))).toBe(41_152_263);
  });

  it('accepts one step either side and nothing further', () => {
    const at = new Date(1_111_111_109_000);
    // 081804 belongs to step 37037036: 30 s later it is the previous step, 60 s later too old.
    expect(matchingStep('081804', RFC_SECRET, new Date(at.getTime() + 30_000))).toBe(37_037_036);
    expect(matchingStep('081804', RFC_SECRET, new Date(at.getTime() - 30_000))).toBe(37_037_036);
    expect(matchingStep('081804', RFC_SECRET, new Date(at.getTime() + 60_000))).toBeUndefined();
    expect(matchingStep('081804', RFC_SECRET, new Date(at.getTime() - 60_000))).toBeUndefined();
  });

  it('refuses malformed codes without computing anything', () => {
    for (const code of ['', '08180', '0818045', ' 081804', 'abcdef', '08 1804'])
      expect(matchingStep(code, RFC_SECRET, new Date(1_111_111_109_000))).toBeUndefined();
  });

  it('makes 160-bit secrets and an otpauth URI that an app (and our test helper) reads', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = otpauthUri('ada@example.com', secret);
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.searchParams.get('secret')).toBe(secret);
    expect(parsed.searchParams.get('issuer')).toBe('Coffer');
    expect(parsed.searchParams.get('algorithm')).toBe('SHA1');
    const now = new Date();
    expect(matchingStep(totpCode(uri, now), secret, now)).toBe(Math.floor(now.getTime() / 30_000));
  });
});
