import { deciderSpecification } from '@coffer/testing';

import { profileDecider, type ProfileEvent } from './profile.decider';

const { given } = deciderSpecification(profileDecider);

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
const defaultCreated: ProfileEvent = {
  ...created,
  payload: { ...created.payload, name: 'Default', isDefault: true },
};
const deleted: ProfileEvent = {
  type: 'profiles.profile.deleted',
  schemaVersion: 1,
  payload: { name: 'Sales' },
};
const webRestoreOff: ProfileEvent = {
  type: 'profiles.profile.access-settings-changed',
  schemaVersion: 1,
  payload: {
    allowWebRestore: false,
    allowShare: true,
    previous: { allowWebRestore: true, allowShare: true },
  },
};

describe('profile decider', () => {
  describe('CreateProfile', () => {
    const create = {
      type: 'CreateProfile' as const,
      name: 'Sales',
      isDefault: false,
      access: { allowWebRestore: true, allowShare: true },
      dataSources: ['gmail' as const],
    };

    it('creates a profile with its settings and data sources', () => {
      given().when(create).then(created);
    });

    it('refuses a second creation of the same profile, even a deleted one', () => {
      given(created).when(create).thenThrows('profile-exists');
      given(created, deleted).when(create).thenThrows('profile-exists');
    });
  });

  describe('RenameProfile', () => {
    it('renames, recording the previous name', () => {
      given(created)
        .when({ type: 'RenameProfile', name: 'Sales EMEA' })
        .then({
          type: 'profiles.profile.renamed',
          schemaVersion: 1,
          payload: { name: 'Sales EMEA', previousName: 'Sales' },
        });
    });

    it('does nothing when the name is the same', () => {
      given(created).when({ type: 'RenameProfile', name: 'Sales' }).then();
    });

    it('treats a missing or deleted profile as gone', () => {
      given().when({ type: 'RenameProfile', name: 'X' }).thenThrows('profile-not-found');
      given(created, deleted)
        .when({ type: 'RenameProfile', name: 'X' })
        .thenThrows('profile-not-found', 'no such profile');
    });
  });

  describe('ChangeAccessSettings', () => {
    it('changes access settings, recording the previous ones', () => {
      given(created)
        .when({
          type: 'ChangeAccessSettings',
          access: { allowWebRestore: false, allowShare: true },
        })
        .then(webRestoreOff);
    });

    it('does nothing when nothing changes', () => {
      given(created, webRestoreOff)
        .when({
          type: 'ChangeAccessSettings',
          access: { allowWebRestore: false, allowShare: true },
        })
        .then();
    });

    it('refuses a deleted profile', () => {
      given(created, deleted)
        .when({ type: 'ChangeAccessSettings', access: { allowWebRestore: true, allowShare: true } })
        .thenThrows('profile-not-found');
    });
  });

  describe('DeleteProfile', () => {
    it('deletes a profile without members', () => {
      given(created).when({ type: 'DeleteProfile', memberCount: 0 }).then(deleted);
    });

    it('refuses while the profile has members, saying how many', () => {
      given(created)
        .when({ type: 'DeleteProfile', memberCount: 3 })
        .thenThrows(
          'profile-has-members',
          'This profile still has 3 users; move them to another profile first.',
        );
      given(created)
        .when({ type: 'DeleteProfile', memberCount: 1 })
        .thenThrows('profile-has-members', 'This profile still has 1 user;');
    });

    it('never deletes the default profile', () => {
      given(defaultCreated)
        .when({ type: 'DeleteProfile', memberCount: 0 })
        .thenThrows('profile-is-default', 'default profile');
    });

    it('refuses to delete twice', () => {
      given(created, deleted)
        .when({ type: 'DeleteProfile', memberCount: 0 })
        .thenThrows('profile-not-found');
    });
  });
});
