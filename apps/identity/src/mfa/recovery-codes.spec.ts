import {
  newRecoveryCodes,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  recoveryCodeHash,
} from './recovery-codes';

describe('recovery codes', () => {
  it('makes ten different readable codes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
  });

  it('reads a code however it was typed, and refuses what cannot be one', () => {
    expect(normalizeRecoveryCode('abcde-fghjk')).toBe('ABCDEFGHJK');
    expect(normalizeRecoveryCode(' ABCDE FGHJK ')).toBe('ABCDEFGHJK');
    for (const typed of ['', 'ABCDE-FGHJ', 'ABCDE-FGHJKM', 'ABCDE-FGHI0', '123456'])
      expect(normalizeRecoveryCode(typed)).toBeUndefined();
  });

  it("hashes per account, so one account's hash never matches another's", () => {
    const hash = recoveryCodeHash('a-1', 'ABCDEFGHJK');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('ABCDEFGHJK');
    expect(recoveryCodeHash('a-1', 'ABCDEFGHJK')).toBe(hash);
    expect(recoveryCodeHash('a-2', 'ABCDEFGHJK')).not.toBe(hash);
  });
});
