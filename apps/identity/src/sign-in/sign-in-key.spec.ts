import { addressKey, signInKey, surfaceOf } from './sign-in-key';

describe('sign-in keys', () => {
  it('finds one account whatever case and spaces the email was typed with', () => {
    expect(signInKey('portal', '  Bob@Acme.Test ')).toBe('portal:bob@acme.test');
    expect(signInKey('portal', 'bob@acme.test')).toBe(signInKey('portal', 'BOB@ACME.TEST'));
  });

  it('keeps a user and an administrator with the same email apart', () => {
    expect(signInKey('portal', 'ada@acme.test')).not.toBe(signInKey('console', 'ada@acme.test'));
    expect(signInKey(surfaceOf('user'), 'ada@acme.test')).toBe('portal:ada@acme.test');
    expect(signInKey(surfaceOf('administrator'), 'ada@acme.test')).toBe('console:ada@acme.test');
  });

  it('cannot make an email key and an address key collide', () => {
    expect(addressKey('203.0.113.9')).toBe('ip:203.0.113.9');
    expect(signInKey('portal', 'ip:203.0.113.9')).not.toBe(addressKey('203.0.113.9'));
  });
});
