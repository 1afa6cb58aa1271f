import { deciderSpecification } from '@coffer/testing';

import {
  administratorDecider,
  type AdministratorCommand,
  type AdministratorEvent,
} from './administrator.decider';

const create: AdministratorCommand = {
  type: 'CreateAdministrator',
  email: 'alice@example.com',
  name: 'Alice',
  role: 'cloud-administrator',
  withFailSafePassword: true,
};
const created: AdministratorEvent = {
  type: 'identity.administrator.created',
  schemaVersion: 1,
  payload: { email: 'alice@example.com', name: 'Alice', role: 'cloud-administrator' },
};
const initialPassword: AdministratorEvent = {
  type: 'identity.administrator.fail-safe-password-set',
  schemaVersion: 1,
  payload: { reason: 'initial' },
};

const { given } = deciderSpecification(administratorDecider);

describe('administrator decider', () => {
  it('creates an administrator and records that a fail-safe password was set, without the password', () => {
    given().when(create).then(created, initialPassword);
    expect(JSON.stringify([created, initialPassword])).not.toMatch(/password"\s*:/);
  });

  it('creates no password event for an administrator without fail-safe credentials', () => {
    given()
      .when({ ...create, withFailSafePassword: false })
      .then(created);
  });

  it('refuses to create the same administrator twice', () => {
    expect(
      [created, initialPassword].reduce(administratorDecider.evolve, { exists: false }),
    ).toEqual({
      exists: true,
      email: 'alice@example.com',
      name: 'Alice',
      role: 'cloud-administrator',
      hasFailSafePassword: true,
      disabled: false,
    });
    given(created, initialPassword)
      .when(create)
      .thenThrows('administrator-exists', 'already exists');
  });
});
