import { deciderSpecification } from '@coffer/testing';

import {
  type AdministratorCommand,
  administratorDecider,
  type AdministratorEvent,
  MAX_PASSKEYS,
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
      mfaEnrolled: false,
      passkeys: [],
    });
    given(created, initialPassword)
      .when(create)
      .thenThrows('administrator-exists', 'already exists');
  });
});

describe('administrator MFA', () => {
  const enrolled: AdministratorEvent = {
    type: 'identity.administrator.mfa-enrolled',
    schemaVersion: 1,
    payload: { method: 'totp', recoveryCodes: 10 },
  };
  const reset: AdministratorEvent = {
    type: 'identity.administrator.mfa-reset',
    schemaVersion: 1,
    payload: {},
  };
  const disabled: AdministratorEvent = {
    type: 'identity.administrator.disabled',
    schemaVersion: 1,
    payload: {},
  };

  it('records an enrolment with the number of recovery codes, never a secret or a code', () => {
    given(created).when({ type: 'RecordMfaEnrolment', recoveryCodes: 10 }).then(enrolled);
    expect(Object.keys(enrolled.payload)).toEqual(['method', 'recoveryCodes']);
  });

  it('records a reset whether or not the events knew of a factor (a reset cut short is done again)', () => {
    given(created, enrolled).when({ type: 'ResetMfa' }).then(reset);
    given(created, enrolled, reset).when({ type: 'ResetMfa' }).then(reset);
    expect(
      [created, enrolled, reset].reduce(administratorDecider.evolve, { exists: false }),
    ).toMatchObject({ mfaEnrolled: false });
  });

  it('refuses an enrolment for a disabled administrator and a reset for an unknown one', () => {
    given(created, disabled)
      .when({ type: 'RecordMfaEnrolment', recoveryCodes: 10 })
      .thenThrows('administrator-not-found', 'no such administrator');
    given()
      .when({ type: 'ResetMfa' })
      .thenThrows('administrator-not-found', 'no such administrator');
  });
});

describe('administrator invitation and enabling', () => {
  const invited: AdministratorEvent = {
    type: 'identity.administrator.invited',
    schemaVersion: 1,
    payload: {},
  };
  const disabled: AdministratorEvent = {
    type: 'identity.administrator.disabled',
    schemaVersion: 1,
    payload: {},
  };
  const enabled: AdministratorEvent = {
    type: 'identity.administrator.enabled',
    schemaVersion: 1,
    payload: {},
  };

  it('records the invitation with the creation when the administrator chooses their own password', () => {
    given()
      .when({ ...create, withFailSafePassword: false, invited: true })
      .then(created, invited);
  });

  it('invites nobody who was given a password', () => {
    given()
      .when({ ...create, invited: true })
      .then(created, initialPassword);
  });

  it('enables a disabled administrator, who may then be disabled again', () => {
    given(created, disabled).when({ type: 'EnableAdministrator' }).then(enabled);
    given(created, disabled, enabled).when({ type: 'DisableAdministrator' }).then(disabled);
    given(created, disabled, enabled)
      .when({ type: 'RequestPasswordReset', requestedBy: 'administrator' })
      .then({
        type: 'identity.administrator.password-reset-requested',
        schemaVersion: 1,
        payload: { requestedBy: 'administrator' },
      });
  });

  it('refuses to enable an active or unknown administrator', () => {
    given(created)
      .when({ type: 'EnableAdministrator' })
      .thenThrows('administrator-unchanged', 'already active');
    given().when({ type: 'EnableAdministrator' }).thenThrows('administrator-not-found');
  });
});

describe('administrator passkeys', () => {
  const registered = (passkeyId: string, name = 'Laptop'): AdministratorEvent => ({
    type: 'identity.administrator.passkey-registered',
    schemaVersion: 1,
    payload: { passkeyId, name },
  });
  const removed: AdministratorEvent = {
    type: 'identity.administrator.passkey-removed',
    schemaVersion: 1,
    payload: { passkeyId: 'p1', name: 'Laptop' },
  };
  const reset: AdministratorEvent = {
    type: 'identity.administrator.mfa-reset',
    schemaVersion: 1,
    payload: {},
  };

  it('records a registration by short id and name only, never a key or a credential id', () => {
    given(created)
      .when({ type: 'RegisterPasskey', passkeyId: 'p1', name: 'Laptop' })
      .then(registered('p1'));
    expect(Object.keys(registered('p1').payload)).toEqual(['passkeyId', 'name']);
  });

  it('refuses the same passkey twice, and an eleventh one', () => {
    given(created, registered('p1'))
      .when({ type: 'RegisterPasskey', passkeyId: 'p1', name: 'Again' })
      .thenThrows('passkey-exists', 'already registered');
    const ten = Array.from({ length: MAX_PASSKEYS }, (_, index) => registered(`p${index}`));
    given(created, ...ten)
      .when({ type: 'RegisterPasskey', passkeyId: 'p99', name: 'One more' })
      .thenThrows('passkey-limit-reached', 'at most 10');
  });

  it('removes a registered passkey with the name it had, and refuses an unknown or removed one', () => {
    given(created, registered('p1')).when({ type: 'RemovePasskey', passkeyId: 'p1' }).then(removed);
    given(created, registered('p1'), removed)
      .when({ type: 'RemovePasskey', passkeyId: 'p1' })
      .thenThrows('passkey-not-found', 'no such passkey');
    given(created)
      .when({ type: 'RemovePasskey', passkeyId: 'p2' })
      .thenThrows('passkey-not-found', 'no such passkey');
  });

  it('forgets every passkey at an MFA reset, so one can be registered again', () => {
    given(created, registered('p1'), reset)
      .when({ type: 'RegisterPasskey', passkeyId: 'p1', name: 'Laptop' })
      .then(registered('p1'));
    given(created, registered('p1'), reset)
      .when({ type: 'RemovePasskey', passkeyId: 'p1' })
      .thenThrows('passkey-not-found', 'no such passkey');
  });

  it('refuses a registration for a disabled or unknown administrator', () => {
    const disabled: AdministratorEvent = {
      type: 'identity.administrator.disabled',
      schemaVersion: 1,
      payload: {},
    };
    given(created, disabled)
      .when({ type: 'RegisterPasskey', passkeyId: 'p1', name: 'Laptop' })
      .thenThrows('administrator-not-found', 'no such administrator');
    given()
      .when({ type: 'RegisterPasskey', passkeyId: 'p1', name: 'Laptop' })
      .thenThrows('administrator-not-found', 'no such administrator');
  });
});
