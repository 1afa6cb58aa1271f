import { deciderSpecification } from '@coffer/testing';

import {
  type OrganizationCommand,
  organizationDecider,
  type OrganizationEvent,
} from './organization.decider';

const created: OrganizationEvent = {
  type: 'identity.organization.created',
  schemaVersion: 1,
  payload: { name: 'Acme', slug: 'acme' },
};

const { given } = deciderSpecification(organizationDecider);

const noMfaPolicy = {
  requiredForAdministrators: false,
  graceUntil: null,
  requiredForUsers: false,
  usersGraceUntil: null,
};
const mfaRequired = {
  ...noMfaPolicy,
  requiredForAdministrators: true,
  graceUntil: '2026-12-09T00:00:00.000Z',
};
const required = (graceUntil: string, newGrace?: boolean) => ({
  administrators: { required: true, graceUntil, ...(newGrace ? { newGrace } : {}) },
});
const notRequired = { administrators: { required: false, graceUntil: null } };
const policyChanged = (payload: typeof mfaRequired | typeof noMfaPolicy): OrganizationEvent => ({
  type: 'identity.organization.mfa-policy-changed',
  schemaVersion: 1,
  payload,
});

describe('organization decider', () => {
  it('creates an organisation once', () => {
    const create: OrganizationCommand = {
      type: 'CreateOrganization',
      name: 'Acme',
      slug: 'acme',
      administratorMfa: noMfaPolicy,
    };
    given().when(create).then(created);
    given(created).when(create).thenThrows('organization-exists', 'already exists');
  });

  it('records the MFA policy of a new organisation when it requires MFA', () => {
    given()
      .when({
        type: 'CreateOrganization',
        name: 'Acme',
        slug: 'acme',
        administratorMfa: mfaRequired,
      })
      .then(created, policyChanged(mfaRequired));
  });
});

describe('organization MFA policy', () => {
  it('records a change of the rule, and nothing when it already is so', () => {
    given(created)
      .when({ type: 'SetMfaPolicy', change: required(mfaRequired.graceUntil) })
      .then(policyChanged(mfaRequired));
    given(created, policyChanged(mfaRequired))
      .when({ type: 'SetMfaPolicy', change: required('2027-01-01T00:00:00.000Z') })
      .then();
    given(created, policyChanged(mfaRequired))
      .when({ type: 'SetMfaPolicy', change: notRequired })
      .then(policyChanged(noMfaPolicy));
    given(created).when({ type: 'SetMfaPolicy', change: notRequired }).then();
  });

  it('records a new grace period chosen for a rule that stays on, and nothing for the same one', () => {
    const later = { ...mfaRequired, graceUntil: '2027-01-01T00:00:00.000Z' };
    given(created, policyChanged(mfaRequired))
      .when({ type: 'SetMfaPolicy', change: required(later.graceUntil, true) })
      .then(policyChanged(later));
    given(created, policyChanged(later))
      .when({ type: 'SetMfaPolicy', change: required(later.graceUntil, true) })
      .then();
  });

  it('refuses a policy for an organisation that does not exist', () => {
    given()
      .when({ type: 'SetMfaPolicy', change: required(mfaRequired.graceUntil) })
      .thenThrows('organization-not-found', 'does not exist');
  });
});

describe('organization SSO settings', () => {
  const settings = {
    idpEntityId: 'https://idp.example.com',
    idpSsoUrl: 'https://idp.example.com/sso',
    idpCertificates: ['MIIC-first'],
    emailAttribute: null,
    nameAttribute: 'displayName',
    justInTimeProvisioning: false,
  };
  const configured: OrganizationEvent = {
    type: 'identity.organization.sso-configured',
    schemaVersion: 1,
    payload: settings,
  };
  const enforced: OrganizationEvent = {
    type: 'identity.organization.sso-enforcement-changed',
    schemaVersion: 1,
    payload: { enforcement: 'users', previousEnforcement: 'off' },
  };

  it('records the settings and the enforcement as two facts', () => {
    given(created)
      .when({ type: 'ConfigureSso', settings, enforcement: 'users' })
      .then(configured, enforced);
  });

  it('records nothing when nothing changed, and only what changed otherwise', () => {
    given(created, configured, enforced)
      .when({ type: 'ConfigureSso', settings, enforcement: 'users' })
      .then();
    const rollover = { ...settings, idpCertificates: ['MIIC-first', 'MIIC-next'] };
    given(created, configured, enforced)
      .when({ type: 'ConfigureSso', settings: rollover, enforcement: 'users' })
      .then({ type: 'identity.organization.sso-configured', schemaVersion: 1, payload: rollover });
  });

  it('refuses SSO for an organisation that does not exist', () => {
    given()
      .when({ type: 'ConfigureSso', settings, enforcement: 'off' })
      .thenThrows('organization-not-found', 'does not exist');
  });
});
