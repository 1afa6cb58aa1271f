import { userDecider, type UserEvent, type UserState } from './user.decider';

const created: UserEvent = {
  type: 'identity.user.created',
  schemaVersion: 1,
  payload: { email: 'bob@example.com', name: 'Bob', profileId: null, hasPassword: true },
};

function given(...events: UserEvent[]): UserState {
  return events.reduce(userDecider.evolve, userDecider.initialState());
}

describe('user decider', () => {
  it('creates an active user', () => {
    const events = userDecider.decide(
      {
        type: 'CreateUser',
        email: 'bob@example.com',
        name: 'Bob',
        profileId: null,
        hasPassword: true,
      },
      given(),
    );
    expect(events).toEqual([created]);
    expect(given(...events)).toMatchObject({ exists: true, status: 'active' });
  });

  it('disables, preserves and re-activates, recording the previous status', () => {
    const disabled = userDecider.decide({ type: 'DisableUser' }, given(created));
    expect(disabled).toEqual([
      { type: 'identity.user.disabled', schemaVersion: 1, payload: { previousStatus: 'active' } },
    ]);

    const preserved = userDecider.decide({ type: 'PreserveUser' }, given(created, ...disabled));
    expect(preserved[0].payload).toEqual({ previousStatus: 'disabled' });

    const activated = userDecider.decide(
      { type: 'ActivateUser' },
      given(created, ...disabled, ...preserved),
    );
    expect(activated[0].type).toBe('identity.user.activated');
    expect(given(created, ...disabled, ...preserved, ...activated)).toMatchObject({
      status: 'active',
    });
  });

  it('refuses a change that changes nothing, and commands for a user that does not exist', () => {
    expect(() => userDecider.decide({ type: 'ActivateUser' }, given(created))).toThrow(
      'already active',
    );
    expect(() => userDecider.decide({ type: 'DisableUser' }, given())).toThrow('does not exist');
  });
});
