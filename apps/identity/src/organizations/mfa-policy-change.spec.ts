import { nextMfaPolicy, NO_MFA_POLICY } from './mfa-policy-change';

describe('MFA policy changes', () => {
  const week = '2026-12-09T00:00:00.000Z';
  const later = '2027-01-01T00:00:00.000Z';
  const on = (graceUntil: string, newGrace?: boolean) => ({
    required: true,
    graceUntil,
    ...(newGrace ? { newGrace } : {}),
  });
  const off = { required: false, graceUntil: null };

  it('turns the end-user rule on with its own grace period, leaving the administrators’ rule', () => {
    const adminsOn = { ...NO_MFA_POLICY, requiredForAdministrators: true, graceUntil: week };
    expect(nextMfaPolicy(adminsOn, { users: on(later) })).toEqual({
      requiredForAdministrators: true,
      graceUntil: week,
      requiredForUsers: true,
      usersGraceUntil: later,
    });
  });

  it('reads a policy stored before the end-user rule existed as that rule off', () => {
    const old = { requiredForAdministrators: true, graceUntil: week };
    expect(nextMfaPolicy(old, { users: off })).toBeUndefined();
    expect(nextMfaPolicy(old, { administrators: off })).toEqual({
      ...NO_MFA_POLICY,
      requiredForAdministrators: false,
    });
  });

  it('changes nothing for a rule it already has, and keeps its grace unless a new one is chosen', () => {
    const usersOn = { ...NO_MFA_POLICY, requiredForUsers: true, usersGraceUntil: week };
    expect(nextMfaPolicy(usersOn, { users: on(later) })).toBeUndefined();
    expect(nextMfaPolicy(usersOn, { users: on(week, true) })).toBeUndefined();
    expect(nextMfaPolicy(usersOn, { users: on(later, true) })?.usersGraceUntil).toBe(later);
    expect(nextMfaPolicy(NO_MFA_POLICY, { users: { ...off, newGrace: true } })).toBeUndefined();
    expect(nextMfaPolicy(usersOn, {})).toBeUndefined();
  });

  it('turns a rule off with no grace left', () => {
    const usersOn = { ...NO_MFA_POLICY, requiredForUsers: true, usersGraceUntil: week };
    expect(nextMfaPolicy(usersOn, { users: off })).toEqual(NO_MFA_POLICY);
  });
});
