import type { OrganizationMfaPolicyChangedPayload } from '@coffer/contracts';

/** One rule of the organisation's MFA policy as a change asks for it. */
export interface MfaRuleChange {
  required: boolean;
  /** The end of the grace period the change would start (null when it turns the rule off). */
  graceUntil: string | null;
  /** A grace period was chosen (Settings → Security): it replaces the one running. */
  newGrace?: boolean;
}

/** What a policy change asks, per kind of account; a kind left out keeps its rule. */
export interface MfaPolicyChange {
  administrators?: MfaRuleChange;
  users?: MfaRuleChange;
}

/** Organisations created before the policy existed have both rules off. */
export const NO_MFA_POLICY: Required<OrganizationMfaPolicyChangedPayload> = {
  requiredForAdministrators: false,
  graceUntil: null,
  requiredForUsers: false,
  usersGraceUntil: null,
};

/** A stored policy with the end-user rule that events made before it existed lack. */
export function completeMfaPolicy(
  policy: OrganizationMfaPolicyChangedPayload,
): Required<OrganizationMfaPolicyChangedPayload> {
  return {
    ...policy,
    requiredForUsers: policy.requiredForUsers ?? false,
    usersGraceUntil: policy.usersGraceUntil ?? null,
  };
}

/**
 * The policy after a change, or undefined when nothing changes. Setting a rule it already has
 * keeps the grace it had, unless a new grace period was chosen for a rule that stays on.
 */
export function nextMfaPolicy(
  current: OrganizationMfaPolicyChangedPayload,
  change: MfaPolicyChange,
): Required<OrganizationMfaPolicyChangedPayload> | undefined {
  const before = completeMfaPolicy(current);
  const administrators = nextRule(
    { required: before.requiredForAdministrators, graceUntil: before.graceUntil },
    change.administrators,
  );
  const users = nextRule(
    { required: before.requiredForUsers, graceUntil: before.usersGraceUntil },
    change.users,
  );
  if (!administrators && !users) return undefined;
  return {
    requiredForAdministrators: administrators?.required ?? before.requiredForAdministrators,
    graceUntil: administrators ? administrators.graceUntil : before.graceUntil,
    requiredForUsers: users?.required ?? before.requiredForUsers,
    usersGraceUntil: users ? users.graceUntil : before.usersGraceUntil,
  };
}

function nextRule(
  current: { required: boolean; graceUntil: string | null },
  change: MfaRuleChange | undefined,
): MfaRuleChange | undefined {
  if (!change) return undefined;
  if (change.required !== current.required) return change;
  if (change.required && change.newGrace && change.graceUntil !== current.graceUntil) return change;
  return undefined;
}
