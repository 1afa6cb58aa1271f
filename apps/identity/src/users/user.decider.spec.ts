import { deciderSpecification } from '@coffer/testing';

import { userDecider, type UserEvent } from './user.decider';

const created: UserEvent = {
  type: 'identity.user.created',
  schemaVersion: 1,
  payload: { email: 'bob@example.com', name: 'Bob', profileId: null, hasPassword: true },
};
const disabled: UserEvent = {
  type: 'identity.user.disabled',
  schemaVersion: 1,
  payload: { previousStatus: 'active' },
};
const preserved: UserEvent = {
  type: 'identity.user.preserved',
  schemaVersion: 1,
  payload: { previousStatus: 'disabled' },
};
const activated: UserEvent = {
  type: 'identity.user.activated',
  schemaVersion: 1,
  payload: { previousStatus: 'preserved' },
};

const { given } = deciderSpecification(userDecider);

describe('user decider', () => {
  it('creates an active user', () => {
    given()
      .when({
        type: 'CreateUser',
        email: 'bob@example.com',
        name: 'Bob',
        profileId: null,
        hasPassword: true,
      })
      .then(created);
    given(created).when({ type: 'ActivateUser' }).thenThrows('user-status-unchanged');
  });

  it('disables, preserves and re-activates, recording the previous status', () => {
    given(created).when({ type: 'DisableUser' }).then(disabled);
    given(created, disabled).when({ type: 'PreserveUser' }).then(preserved);
    given(created, disabled, preserved).when({ type: 'ActivateUser' }).then(activated);
    given(created, disabled, preserved, activated)
      .when({ type: 'ActivateUser' })
      .thenThrows('user-status-unchanged', 'already active');
  });

  it('refuses a change that changes nothing, and commands for a user that does not exist', () => {
    given(created)
      .when({ type: 'ActivateUser' })
      .thenThrows('user-status-unchanged', 'already active');
    given().when({ type: 'DisableUser' }).thenThrows('user-not-found', 'does not exist');
  });

  it('moves a user to another profile, and records nothing when it is already there', () => {
    const assigned: UserEvent = {
      type: 'identity.user.profile-assigned',
      schemaVersion: 1,
      payload: { profileId: 'sales', previousProfileId: null },
    };
    given(created).when({ type: 'AssignProfile', profileId: 'sales' }).then(assigned);
    given(created, assigned).when({ type: 'AssignProfile', profileId: 'sales' }).then();
    given().when({ type: 'AssignProfile', profileId: 'sales' }).thenThrows('user-not-found');
  });
});

describe('user invitation', () => {
  const resent: UserEvent = {
    type: 'identity.user.invitation-resent',
    schemaVersion: 1,
    payload: {},
  };
  const invitedUser: UserEvent = {
    ...created,
    payload: { ...created.payload, hasPassword: false },
  } as UserEvent;

  it('records a new link for a user who has not chosen a password', () => {
    given(invitedUser).when({ type: 'ResendInvitation', passwordSet: false }).then(resent);
    given(invitedUser, resent).when({ type: 'ResendInvitation', passwordSet: false }).then(resent);
  });

  it('refuses one who has a password, one who cannot sign in, and one who does not exist', () => {
    given(created)
      .when({ type: 'ResendInvitation', passwordSet: true })
      .thenThrows('user-password-already-set', 'already chosen a password');
    given(invitedUser, disabled)
      .when({ type: 'ResendInvitation', passwordSet: false })
      .thenThrows('user-not-active', 'disabled');
    given().when({ type: 'ResendInvitation', passwordSet: false }).thenThrows('user-not-found');
  });
});
