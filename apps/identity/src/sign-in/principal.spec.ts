import { principalOf } from './principal';
import type { AccountFacts } from './sign-in-directory';

describe('session principals', () => {
  const mfa = {
    enrolled: false,
    totp: false,
    passkeys: 0,
    required: true,
    enrolBy: '2026-12-09T00:00:00.000Z',
    enrolmentOverdue: false,
    recoveryCodesLeft: 0,
  };
  const user: AccountFacts = {
    kind: 'user',
    id: 'u-1',
    orgId: 'o-1',
    email: 'bob@acme.test',
    name: 'Bob',
    status: 'active',
    profileId: null,
  };

  it("gives an end user's session the same second-factor facts as an administrator's", () => {
    const administrator: AccountFacts = {
      ...user,
      kind: 'administrator',
      id: 'a-1',
      role: 'cloud-administrator',
    };
    for (const facts of [user, administrator]) {
      const principal = principalOf(facts, 's-1', undefined, {
        mfa,
        recentlyAuthenticated: true,
        breakGlass: true,
      });
      expect(principal).toMatchObject({
        kind: facts.kind,
        mfa,
        recentlyAuthenticated: true,
        breakGlass: true,
      });
    }
  });

  it('says nothing of break-glass for an ordinary sign-in, and keeps a user’s capabilities', () => {
    const principal = principalOf(
      user,
      's-1',
      { allowWebRestore: false, allowShare: true },
      { mfa, recentlyAuthenticated: false },
    );
    expect(principal).not.toHaveProperty('breakGlass');
    expect(principal).toMatchObject({
      kind: 'user',
      capabilities: { dataSources: false, restore: false, share: true },
    });
  });
});
