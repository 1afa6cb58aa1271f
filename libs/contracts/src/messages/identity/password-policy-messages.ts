import { z } from 'zod';

import { defineMessage } from '../message-definition';

/** Who a password is for: administrators can export any mailbox, so their bar is higher. */
export const passwordAudienceSchema = z.enum(['administrator', 'user'], {
  errorMap: () => ({ message: 'Ask for the rules of an administrator or a user password.' }),
});
export type PasswordAudience = z.output<typeof passwordAudienceSchema>;

/** The rules a new password meets, so a page can show them before anything is typed. */
export interface PasswordRules {
  for: PasswordAudience;
  /** Counted in characters (Unicode code points), not bytes. */
  minLength: number;
  maxLength: number;
  /** The least zxcvbn score (0 = too guessable … 4 = very unguessable) a password needs. */
  minStrength: number;
  /** The best score zxcvbn gives, so a page can draw the bar. */
  maxStrength: 4;
  /** Passwords on zxcvbn-ts's list of 49,000 common ones are refused whatever their score. */
  refusesCommonPasswords: true;
}

/** The codes of a refused password, for every message that sets one. */
export const PASSWORD_POLICY_ERRORS = [
  'password-too-short',
  'password-too-long',
  'password-too-common',
  'password-too-weak',
] as const;

export const PasswordPolicyMessages = {
  /** The rules for an administrator's or a user's password; public, they are no secret. */
  rules: defineMessage<PasswordRules>()({
    service: 'identity',
    pattern: 'identity.password-policy.rules',
    request: z.object({ for: passwordAudienceSchema }),
    errors: ['invalid-request'],
  }),
};
