import { z } from 'zod';

import { clientSchema } from '../common-schemas';
import { defineMessage } from '../message-definition';
import { administratorCommandSchema, passwordInputSchema } from './administrators-messages';
import { PASSWORD_POLICY_ERRORS } from './password-policy-messages';

/** What a person posts from an emailed single-use link. */
export const choosePasswordBody = z
  .object({
    token: z.string().min(1).max(200).describe('The token from the emailed link'),
    newPassword: passwordInputSchema.describe(
      'The new password; GET /api/password-policy tells its rules',
    ),
  })
  .strict();

/** Forgot password: the same answer whether or not the email belongs to an administrator. */
export const forgotPasswordBody = z.object({ email: z.string().max(320) }).strict();

/** Single-use links to choose a password: a new user's first, an administrator's fail-safe one. */
export const PasswordLinksMessages = {
  /** A new user chooses a password with the link they were emailed. */
  choose: defineMessage<{ passwordSet: true }>()({
    service: 'identity',
    pattern: 'identity.users.choose-password',
    request: choosePasswordBody.strip(),
    body: choosePasswordBody,
    errors: ['invalid-request', 'password-link-invalid', ...PASSWORD_POLICY_ERRORS],
  }),
  /** Manage Administrators → Reset Password: another administrator is emailed a link. */
  requestReset: defineMessage<{ sent: true }>()({
    service: 'identity',
    pattern: 'identity.administrator.request-password-reset',
    request: administratorCommandSchema,
    errors: ['forbidden', 'cannot-reset-self', 'administrator-not-found', 'concurrent-change'],
  }),
  /** Answers at once, the same for every email; the link (if any) is sent afterwards. */
  forgot: defineMessage<{ accepted: true }>()({
    service: 'identity',
    pattern: 'identity.administrator.forgot-password',
    request: z.object({ email: z.string().max(1_000), client: clientSchema }),
    body: forgotPasswordBody,
    errors: ['invalid-request'],
  }),
  /** An administrator sets a new fail-safe password with the link; other sessions end. */
  reset: defineMessage<{ passwordSet: true }>()({
    service: 'identity',
    pattern: 'identity.administrator.reset-password',
    request: choosePasswordBody.strip(),
    body: choosePasswordBody,
    errors: ['invalid-request', 'password-link-invalid', ...PASSWORD_POLICY_ERRORS],
  }),
};

export type ChoosePasswordRequest = z.output<typeof PasswordLinksMessages.choose.request>;
export type PasswordResetRequest = z.output<typeof PasswordLinksMessages.requestReset.request>;
export type ForgotPasswordRequest = z.output<typeof PasswordLinksMessages.forgot.request>;
export type ResetPasswordRequest = z.output<typeof PasswordLinksMessages.reset.request>;
