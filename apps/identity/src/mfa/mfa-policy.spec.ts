import { isRecent, mfaRuleOf, mfaStatusOf } from './mfa-policy';

describe('MFA policy for administrators', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const required = (graceUntil: string | null) => ({ required: true, graceUntil });

  it('asks nothing of anyone when the organisation does not require MFA', () => {
    expect(mfaStatusOf(undefined, false, 0, now)).toEqual({
      enrolled: false,
      totp: false,
      passkeys: 0,
      required: false,
      enrolBy: null,
      enrolmentOverdue: false,
      recoveryCodesLeft: 0,
    });
    expect(mfaStatusOf(undefined, true, 7, now)).toMatchObject({
      enrolled: true,
      recoveryCodesLeft: 7,
    });
  });

  it('tells an administrator without a factor to enrol by the end of the grace period', () => {
    expect(mfaStatusOf(required('2026-12-09T12:00:00Z'), false, 0, now)).toMatchObject({
      enrolBy: '2026-12-09T12:00:00Z',
      enrolmentOverdue: false,
    });
  });

  it('after the grace period (or without one) only enrolment is left', () => {
    expect(mfaStatusOf(required('2026-12-02T12:00:00Z'), false, 0, now).enrolmentOverdue).toBe(
      true,
    );
    expect(mfaStatusOf(required(null), false, 0, now).enrolmentOverdue).toBe(true);
  });

  it('never shuts out a session that began with SSO (the IdP asks for its own factor)', () => {
    expect(mfaStatusOf(required(null), false, 0, now, 'saml')).toMatchObject({
      required: true,
      enrolmentOverdue: false,
    });
  });

  it('asks nothing more of an administrator who has a factor', () => {
    expect(mfaStatusOf(required('2026-12-01T00:00:00Z'), true, 10, now)).toMatchObject({
      required: true,
      enrolBy: null,
      enrolmentOverdue: false,
    });
  });

  it('counts passkeys as a factor, with or without an authenticator app', () => {
    const onlyPasskeys = mfaStatusOf(required(null), true, 0, now, 'passkey', {
      totp: false,
      passkeys: 2,
    });
    expect(onlyPasskeys).toMatchObject({
      enrolled: true,
      totp: false,
      passkeys: 2,
      enrolmentOverdue: false,
    });
  });

  it('counts a proof as recent for strictly less than the window', () => {
    const tenMinutes = 600_000;
    expect(isRecent(new Date(now.getTime() - tenMinutes + 1), now, tenMinutes)).toBe(true);
    expect(isRecent(new Date(now.getTime() - tenMinutes), now, tenMinutes)).toBe(false);
  });
});

describe('MFA rules per kind of account', () => {
  const policy = {
    requiredForAdministrators: true,
    graceUntil: '2026-12-09T00:00:00Z',
    requiredForUsers: true,
    usersGraceUntil: '2026-12-30T00:00:00Z',
  };

  it('reads the administrators’ rule and the end users’ rule apart', () => {
    expect(mfaRuleOf(policy, 'administrator')).toEqual({
      required: true,
      graceUntil: '2026-12-09T00:00:00Z',
    });
    expect(mfaRuleOf(policy, 'user')).toEqual({
      required: true,
      graceUntil: '2026-12-30T00:00:00Z',
    });
  });

  it('leaves end users free where the policy predates their rule or is absent', () => {
    const old = { requiredForAdministrators: true, graceUntil: null };
    expect(mfaRuleOf(old, 'user')).toEqual({ required: false, graceUntil: null });
    expect(mfaRuleOf(undefined, 'user')).toEqual({ required: false, graceUntil: null });
    expect(mfaRuleOf(undefined, 'administrator')).toEqual({ required: false, graceUntil: null });
  });

  it('tells an end user to enrol by their own deadline, and only enrolment once it passed', () => {
    const now = new Date('2026-12-10T00:00:00Z');
    expect(mfaStatusOf(mfaRuleOf(policy, 'user'), false, 0, now)).toMatchObject({
      required: true,
      enrolBy: '2026-12-30T00:00:00Z',
      enrolmentOverdue: false,
    });
    expect(mfaStatusOf(mfaRuleOf(policy, 'administrator'), false, 0, now)).toMatchObject({
      enrolmentOverdue: true,
    });
  });
});
