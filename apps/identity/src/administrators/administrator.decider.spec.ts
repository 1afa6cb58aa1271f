import { fold } from '@coffer/event-sourcing';
import type { EventEnvelope } from '@coffer/contracts';

import { administratorDecider, type AdministratorCommand } from './administrator.decider';

const create: AdministratorCommand = {
  type: 'CreateAdministrator',
  email: 'alice@example.com',
  name: 'Alice',
  role: 'cloud-administrator',
  withFailSafePassword: true,
};

describe('administrator decider', () => {
  it('creates an administrator and records that a fail-safe password was set, without the password', () => {
    const events = administratorDecider.decide(create, administratorDecider.initialState());

    expect(events.map((event) => event.type)).toEqual([
      'identity.administrator.created',
      'identity.administrator.fail-safe-password-set',
    ]);
    expect(JSON.stringify(events)).not.toMatch(/password"\s*:/);
  });

  it('creates no password event for an administrator without fail-safe credentials', () => {
    const events = administratorDecider.decide(
      { ...create, withFailSafePassword: false },
      administratorDecider.initialState(),
    );
    expect(events.map((event) => event.type)).toEqual(['identity.administrator.created']);
  });

  it('refuses to create the same administrator twice', () => {
    const history = administratorDecider
      .decide(create, administratorDecider.initialState())
      .map((event, index) => ({
        ...event,
        aggregate: { type: 'administrator', id: 'a', version: index + 1 },
      }));
    const state = fold(administratorDecider, history as unknown as EventEnvelope[]);

    expect(state).toEqual({
      exists: true,
      email: 'alice@example.com',
      name: 'Alice',
      role: 'cloud-administrator',
      hasFailSafePassword: true,
      disabled: false,
    });
    expect(() => administratorDecider.decide(create, state)).toThrow('already exists');
  });
});
