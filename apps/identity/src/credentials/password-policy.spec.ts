import {
  assertAcceptablePassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordRulesFor,
} from './password-policy';

describe('password policy', () => {
  it('accepts 12 characters, counting Unicode characters rather than bytes', () => {
    expect(() => assertAcceptablePassword('ünïcødé-pässw', 'administrator')).not.toThrow();
    expect(() => assertAcceptablePassword('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑', 'user')).toThrow(
      // 12 characters (48 bytes) pass the length rule; the repetition is what fails.
      expect.objectContaining({ code: 'password-too-weak' }),
    );
  });

  it('refuses short passwords with a message that says how long they must be', () => {
    expect(() => assertAcceptablePassword('short', 'user')).toThrow('at least 12 characters');
  });

  it('refuses absurdly long passwords before anything hashes them', () => {
    const long = 'x'.repeat(MAX_PASSWORD_LENGTH + 1);
    expect(() => assertAcceptablePassword(long, 'user')).toThrow('at most');
    expect(() => assertAcceptablePassword('x'.repeat(1_000_000), 'user')).toThrow('at most');
  });

  it('refuses passwords from the list of the most common ones, whatever their case', () => {
    expect(() => assertAcceptablePassword('PasswordPassword', 'user')).toThrow(
      'most commonly used',
    );
    expect(() => assertAcceptablePassword('1Q2W3E4R5T6Y', 'user')).toThrow('most commonly used');
  });

  it('refuses a long but guessable password, saying why in sentences from zxcvbn', () => {
    expect(() => assertAcceptablePassword('aaaaaaaaaaaa', 'administrator')).toThrow(
      expect.objectContaining({
        code: 'password-too-weak',
        message: expect.stringMatching(
          /^This password is too easy to guess: its strength is 0 of 4, and an administrator needs at least 3\. Repeated characters like "aaa" are easy to guess\./,
        ),
      }),
    );
  });

  it('asks more of an administrator than of a user', () => {
    // A score of 2: enough behind a user's lockout, not against an offline attack on an admin hash.
    const middling = 'football2020!';
    expect(() => assertAcceptablePassword(middling, 'user')).not.toThrow();
    expect(() => assertAcceptablePassword(middling, 'administrator')).toThrow(
      expect.objectContaining({
        code: 'password-too-weak',
        message: expect.stringContaining('strength is 2 of 4'),
      }),
    );
    expect(() =>
      assertAcceptablePassword('violet-kettle-harbour-42', 'administrator'),
    ).not.toThrow();
  });

  it("counts the account's own email and name as guessable", () => {
    const password = 'zorbulonquaxtra';
    expect(() => assertAcceptablePassword(password, 'user')).not.toThrow();
    expect(() =>
      assertAcceptablePassword(password, 'user', ['quaxtra.zorbulon@example.com', 'Q. Zorbulon']),
    ).toThrow(expect.objectContaining({ code: 'password-too-weak' }));
  });

  it('scores only the first 64 characters, so hostile long inputs cost what a short one does', () => {
    // zxcvbn's matching grows steeply with length, and anyone may post a password to a reset
    // link: a verdict on the first 64 characters bounds the work (how fast is for a benchmark,
    // not a timed test). Each of these still gets a verdict, not a crash.
    const hostile = ['a1!'.repeat(90), '4@8({[</369&#!1/|0$5+7%2/'.repeat(10), '!'.repeat(256)];
    for (const password of hostile) {
      try {
        assertAcceptablePassword(password.slice(0, MAX_PASSWORD_LENGTH), 'user');
      } catch (error) {
        expect(error).toEqual(
          expect.objectContaining({ code: expect.stringMatching(/^password-/) }),
        );
      }
    }
    // Only the first 64 characters count: a weak start is refused however strong the tail.
    expect(() =>
      assertAcceptablePassword(`${'a'.repeat(64)}violet-kettle-harbour-42`, 'user'),
    ).toThrow(expect.objectContaining({ code: 'password-too-weak' }));
  });

  it('publishes the rules it applies', () => {
    expect(passwordRulesFor('administrator')).toEqual({
      for: 'administrator',
      minLength: MIN_PASSWORD_LENGTH,
      maxLength: MAX_PASSWORD_LENGTH,
      minStrength: 3,
      maxStrength: 4,
      refusesCommonPasswords: true,
    });
    expect(passwordRulesFor('user').minStrength).toBe(2);
  });
});
