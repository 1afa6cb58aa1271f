import { accessChangeImpact, profileLocksOutOfPortal, profileOf } from '../src/lib/profile-impact';

describe('the impact of a profile access change', () => {
  const profile = { allowWebRestore: true, allowShare: false, memberCount: 16 };

  it('names how many users a change affects', () => {
    const impact = accessChangeImpact(profile, { allowWebRestore: true, allowShare: true });
    expect(impact).toMatchObject({ changed: true, affectedUsers: 16, locksOutOfPortal: false });
    expect(impact.message).toContain('16 users');
  });

  it('warns when both web restore and sharing end up off', () => {
    const impact = accessChangeImpact(profile, { allowWebRestore: false, allowShare: false });
    expect(impact.locksOutOfPortal).toBe(true);
    expect(impact.message).toContain('can no longer sign in to the web portal');
  });

  it('says nothing changes when nothing does', () => {
    expect(accessChangeImpact(profile, { allowWebRestore: true, allowShare: false })).toEqual({
      changed: false,
      affectedUsers: 0,
      locksOutOfPortal: false,
      message: 'Nothing changes.',
    });
    expect(
      accessChangeImpact(
        { ...profile, memberCount: 1 },
        { allowWebRestore: false, allowShare: true },
      ).message,
    ).toContain('1 user of');
  });

  it('knows which profiles leave a user without the portal', () => {
    expect(profileLocksOutOfPortal({ allowWebRestore: false, allowShare: false })).toBe(true);
    expect(profileLocksOutOfPortal({ allowWebRestore: false, allowShare: true })).toBe(false);
  });
});

describe('the profile a user is in', () => {
  const profiles = [
    { id: 'default', isDefault: true },
    { id: 'sales', isDefault: false },
  ];

  it('is the default profile when the user has none of their own', () => {
    expect(profileOf({ profileId: null }, profiles)?.id).toBe('default');
    expect(profileOf({ profileId: 'sales' }, profiles)?.id).toBe('sales');
    expect(profileOf({ profileId: 'gone' }, profiles)).toBeUndefined();
  });
});
