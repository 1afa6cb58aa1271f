import { AdministratorsMessages, TokensMessages } from '@coffer/contracts';

import { VERIFIED_TOKEN_TTL_MS, VerifiedTokens } from './verified-tokens';

describe('verified API tokens', () => {
  let now = 0;
  const tokens = () => new VerifiedTokens<string>(() => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('remembers a proof for its time to live, by email and secret together', () => {
    const verified = tokens();
    verified.remember('a@x.test', 'cft_secret', 'principal', verified.begin());
    expect(verified.get('a@x.test', 'cft_secret')).toBe('principal');
    expect(verified.get('a@x.test', 'cft_other')).toBeUndefined();
    expect(verified.get('b@x.test', 'cft_secret')).toBeUndefined();
    now += VERIFIED_TOKEN_TTL_MS;
    expect(verified.get('a@x.test', 'cft_secret')).toBeUndefined();
  });

  // A revoked token, or a disabled administrator's, must not keep working from memory.
  it('forgets everything when a token is revoked or an administrator disabled or changed', () => {
    for (const definition of [
      TokensMessages.revoke,
      AdministratorsMessages.disable,
      AdministratorsMessages.changeRole,
    ]) {
      const verified = tokens();
      verified.remember('a@x.test', 'cft_secret', 'principal', verified.begin());
      verified.sent(AdministratorsMessages.getActive);
      expect(verified.get('a@x.test', 'cft_secret')).toBe('principal');
      verified.sent(definition);
      expect(verified.get('a@x.test', 'cft_secret')).toBeUndefined();
    }
  });

  it('does not remember a proof that was under way while a revocation went through', () => {
    const verified = tokens();
    const begun = verified.begin();
    verified.sent(TokensMessages.revoke);
    verified.remember('a@x.test', 'cft_secret', 'principal', begun);
    expect(verified.get('a@x.test', 'cft_secret')).toBeUndefined();
  });
});
