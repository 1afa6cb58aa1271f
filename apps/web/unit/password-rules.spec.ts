import { passwordRules } from '../src/lib/password-rules';

describe('password rules', () => {
  it('shows every rule before anything is typed', () => {
    expect(passwordRules('', '').map((rule) => rule.met)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('counts characters, not UTF-16 units, and compares the confirmation', () => {
    const elevenEmoji = '🔒'.repeat(11);
    expect(passwordRules(elevenEmoji, elevenEmoji)[0].met).toBe(false);
    expect(passwordRules('twelve chars', 'twelve chars').map((rule) => rule.met)).toEqual([
      true,
      true,
      undefined,
      true,
    ]);
    expect(passwordRules('twelve chars', 'twelve charz')[3].met).toBe(false);
  });

  it('refuses a common password once the list is there', () => {
    const isCommon = (password: string) => password === 'password1234';
    expect(passwordRules('password1234', '', isCommon)[2].met).toBe(false);
    expect(passwordRules('a rarer passphrase', '', isCommon)[2].met).toBe(true);
  });
});
