import { createHash, randomInt } from 'node:crypto';

/** Ten codes, shown once at enrolment. */
export const RECOVERY_CODE_COUNT = 10;

/** No 0/O, 1/I/L: easy to read off paper. 10 characters of 31 ≈ 50 bits each. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 10;

/** Fresh codes, formatted `XXXXX-XXXXX`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const characters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
    return `${characters.slice(0, 5).join('')}-${characters.slice(5).join('')}`;
  });
}

/** What a person typed, without the dashes, spaces and case they may have added; or undefined. */
export function normalizeRecoveryCode(typed: string): string | undefined {
  const plain = typed.replace(/[\s-]/g, '').toUpperCase();
  return plain.length === LENGTH && [...plain].every((c) => ALPHABET.includes(c))
    ? plain
    : undefined;
}

/**
 * What is stored: SHA-256 of the account id and the code. The codes are random (50 bits), so a
 * slow password hash would add nothing but time to every use; the account id keeps one
 * account's hashes from matching another's.
 */
export function recoveryCodeHash(accountId: string, normalizedCode: string): string {
  return createHash('sha256').update(`${accountId}:${normalizedCode}`).digest('hex');
}
