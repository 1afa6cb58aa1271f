import { assertAcceptablePassword, MAX_PASSWORD_LENGTH } from './password-policy';

describe('password policy', () => {
  it('accepts 12 characters, counting Unicode characters rather than bytes', () => {
    expect(() => assertAcceptablePassword('ünïcødé-pässw')).not.toThrow();
    expect(() => assertAcceptablePassword('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).not.toThrow();
  });

  it('refuses short passwords with a message that says how long they must be', () => {
    expect(() => assertAcceptablePassword('short')).toThrow('at least 12 characters');
  });

  it('refuses absurdly long passwords before anything hashes them', () => {
    expect(() => assertAcceptablePassword('x'.repeat(MAX_PASSWORD_LENGTH + 1))).toThrow('at most');
    expect(() => assertAcceptablePassword('x'.repeat(1_000_000))).toThrow('at most');
  });

  it('refuses passwords from the list of the most common ones, whatever their case', () => {
    expect(() => assertAcceptablePassword('PasswordPassword')).toThrow('most commonly used');
    expect(() => assertAcceptablePassword('1Q2W3E4R5T6Y')).toThrow('most commonly used');
  });
});
