/**
 * The password rules identity enforces (apps/identity/src/credentials/password-policy.ts),
 * shown before typing so nobody learns them from a refusal. Identity stays the judge.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export interface PasswordRuleState {
  rule: string;
  /** undefined until something is typed: the rule is shown, neither met nor failed. */
  met: boolean | undefined;
}

/** `isCommon` is undefined until the list of common passwords has loaded. */
export function passwordRules(
  password: string,
  confirmation: string,
  isCommon?: (password: string) => boolean,
): PasswordRuleState[] {
  const length = [...password].length;
  const typed = password.length > 0;
  return [
    {
      rule: `At least ${MIN_PASSWORD_LENGTH} characters`,
      met: typed ? length >= MIN_PASSWORD_LENGTH : undefined,
    },
    {
      rule: `At most ${MAX_PASSWORD_LENGTH} characters`,
      met: typed ? length <= MAX_PASSWORD_LENGTH : undefined,
    },
    {
      rule: 'Not one of the commonly used passwords',
      met: typed && isCommon ? !isCommon(password) : undefined,
    },
    {
      rule: 'Typed the same twice',
      met: confirmation.length > 0 ? confirmation === password : undefined,
    },
  ];
}

/** What the strength meter says for a zxcvbn score (0–4). */
export const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
