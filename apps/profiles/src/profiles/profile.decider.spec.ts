import { profileDecider, type ProfileEvent, type ProfileState } from './profile.decider';

const created: ProfileEvent = {
  type: 'profiles.profile.created',
  schemaVersion: 1,
  payload: {
    name: 'Sales',
    isDefault: false,
    allowWebRestore: true,
    allowShare: true,
    dataSources: ['gmail'],
  },
};

function given(...events: ProfileEvent[]): ProfileState {
  return events.reduce(profileDecider.evolve, profileDecider.initialState());
}

describe('profile decider', () => {
  it('changes access settings, recording the previous ones, and does nothing when nothing changes', () => {
    const changed = profileDecider.decide(
      { type: 'ChangeAccessSettings', access: { allowWebRestore: false, allowShare: true } },
      given(created),
    );
    expect(changed).toEqual([
      {
        type: 'profiles.profile.access-settings-changed',
        schemaVersion: 1,
        payload: {
          allowWebRestore: false,
          allowShare: true,
          previous: { allowWebRestore: true, allowShare: true },
        },
      },
    ]);
    expect(
      profileDecider.decide(
        { type: 'ChangeAccessSettings', access: { allowWebRestore: false, allowShare: true } },
        given(created, ...changed),
      ),
    ).toEqual([]);
  });

  it('refuses to delete a profile that has members, saying how many', () => {
    expect(() =>
      profileDecider.decide({ type: 'DeleteProfile', memberCount: 3 }, given(created)),
    ).toThrow('This profile still has 3 users; move them to another profile first.');
  });

  it('never deletes the default profile, and treats a deleted profile as gone', () => {
    const defaultProfile = { ...created, payload: { ...created.payload, isDefault: true } };
    expect(() =>
      profileDecider.decide({ type: 'DeleteProfile', memberCount: 0 }, given(defaultProfile)),
    ).toThrow('default profile');

    const deleted = profileDecider.decide(
      { type: 'DeleteProfile', memberCount: 0 },
      given(created),
    );
    expect(() =>
      profileDecider.decide({ type: 'RenameProfile', name: 'X' }, given(created, ...deleted)),
    ).toThrow('no such profile');
  });
});
