import { z } from 'zod';

import {
  clientSchema,
  commandContextSchema,
  correlationIdSchema,
  orgIdSchema,
} from '../common-schemas';
import { defineMessage } from '../message-definition';
import { passwordInputSchema } from './administrators-messages';
import { passkeyAssertionSchema } from './passkeys-messages';

/**
 * A TOTP code (six digits) or a recovery code (ten letters and digits, dashes and spaces
 * ignored). Bounded, but not checked further here: a malformed code is refused like a wrong one.
 */
export const otpSchema = z.string().max(64).describe('A six-digit TOTP code or a recovery code');

/**
 * What the portal's sign-in answers (with `401 mfa-required` and `enrolmentRequired: true`) to
 * an end user whose organisation requires a factor they have not set up, once the grace is over.
 */
export const USER_MFA_ENROLMENT_REQUIRED =
  'Your organisation requires a second factor: set up an authenticator app to continue.';

/** Whether an account has a second factor, and what their organisation asks of its kind. */
export interface MfaStatus {
  /** Any second factor: an authenticator app or a passkey. */
  enrolled: boolean;
  /** An authenticator app (TOTP) is set up. */
  totp: boolean;
  /** Passkeys registered. */
  passkeys: number;
  /** The organisation requires accounts of this kind (administrators, or end users) to have a factor. */
  required: boolean;
  /** While required and not enrolled: until when sign-in works without one (ISO 8601). */
  enrolBy: string | null;
  /** Required, not enrolled and the grace period is over: only enrolment is allowed. */
  enrolmentOverdue: boolean;
  /** Recovery codes not used yet (0 when not enrolled). */
  recoveryCodesLeft: number;
}

/** The start of a TOTP enrolment: the secret as an authenticator app reads it. */
export interface TotpEnrolment {
  /** `otpauth://totp/Coffer:<email>?secret=…&issuer=Coffer&algorithm=SHA1&digits=6&period=30` */
  otpauthUri: string;
  /** The same URI as a QR code, a `data:image/png;base64,…` URL for an `<img>`. */
  qrCodeDataUrl: string;
}

/** Shown once, when the enrolment is confirmed; identity keeps only their hashes. */
export interface TotpEnrolmentConfirmed {
  enrolled: true;
  recoveryCodes: string[];
}

export const confirmTotpBody = z.object({ otp: otpSchema }).strict();

/** Step-up: the password (accounts without a factor), a code or a passkey proves the person again. */
export const reauthenticateBody = z
  .object({
    password: passwordInputSchema.optional(),
    otp: otpSchema.optional(),
    passkey: passkeyAssertionSchema.optional(),
  })
  .strict();

const graceDaysSchema = z.number().int().min(0).max(90);

/**
 * The console's policy change; a rule left out stays as it is. Each grace period defaults to
 * the deployment's (7 days) when its rule is turned on.
 */
export const setMfaPolicyBody = z
  .object({
    requiredForAdministrators: z.boolean().optional(),
    /** Days administrators without a factor may still sign in without one (0: none). */
    graceDays: graceDaysSchema.optional(),
    /** End users signing in to the web portal with a password (SSO relies on the IdP's MFA). */
    requiredForUsers: z.boolean().optional(),
    /** Days end users without a factor may still sign in without one (0: none). */
    usersGraceDays: graceDaysSchema.optional(),
  })
  .strict();

/** An account of the organisation: an administrator or an end user, by id. */
export const accountRefSchema = z.object({
  kind: z.enum(['administrator', 'user']),
  id: z.string().min(1).max(100),
});

const ownAccountSchema = z.object({
  context: commandContextSchema,
  orgId: orgIdSchema,
  /** The caller's session, whose last proof the step-up renews (none for HTTP Basic). */
  sessionToken: z.string().min(1).max(200).optional(),
  client: clientSchema,
  correlationId: correlationIdSchema,
});

/**
 * The second factor of administrators and end users: TOTP enrolment, its status, step-up,
 * recovery codes and a cloud administrator's reset. Own-account messages act on the account of
 * `context.actor` (an end user when its type is `user`, else an administrator).
 */
export const MfaMessages = {
  status: defineMessage<MfaStatus>()({
    service: 'identity',
    pattern: 'identity.mfa.status',
    request: z.object({ orgId: orgIdSchema, account: accountRefSchema }),
    errors: ['administrator-not-found', 'user-not-found'],
  }),
  /** A new secret, pending until confirmed; a pending one is replaced, an active one stays. */
  startTotp: defineMessage<TotpEnrolment>()({
    service: 'identity',
    pattern: 'identity.mfa.totp.start',
    request: ownAccountSchema,
    errors: [
      'invalid-request',
      'administrator-not-found',
      'user-not-found',
      'mfa-already-enrolled',
    ],
  }),
  confirmTotp: defineMessage<TotpEnrolmentConfirmed>()({
    service: 'identity',
    pattern: 'identity.mfa.totp.confirm',
    request: confirmTotpBody.extend(ownAccountSchema.shape),
    body: confirmTotpBody,
    errors: [
      'invalid-request',
      'administrator-not-found',
      'user-not-found',
      'mfa-not-enrolling',
      'invalid-otp',
      'locked-out',
    ],
  }),
  /**
   * New recovery codes for the caller's authenticator app, shown once; the old ones stop
   * working. The gateway asks for step-up first.
   */
  regenerateRecoveryCodes: defineMessage<RecoveryCodesRegenerated>()({
    service: 'identity',
    pattern: 'identity.mfa.recovery-codes.regenerate',
    request: ownAccountSchema,
    errors: ['invalid-request', 'administrator-not-found', 'user-not-found', 'mfa-not-enrolled'],
  }),
  reauthenticate: defineMessage<{ reauthenticated: true }>()({
    service: 'identity',
    pattern: 'identity.mfa.reauthenticate',
    request: reauthenticateBody.extend(ownAccountSchema.shape),
    body: reauthenticateBody,
    errors: ['invalid-request', 'invalid-credentials', 'invalid-otp', 'mfa-required', 'locked-out'],
  }),
  /**
   * Another administrator's or an end user's factors removed by a cloud administrator: audited,
   * alerted as break-glass, and every session of the account ends.
   */
  reset: defineMessage<{ reset: true }>()({
    service: 'identity',
    pattern: 'identity.mfa.reset',
    request: z.object({
      context: commandContextSchema,
      orgId: orgIdSchema,
      account: accountRefSchema,
    }),
    errors: [
      'invalid-request',
      'forbidden',
      'administrator-not-found',
      'user-not-found',
      'cannot-reset-own-mfa',
    ],
  }),
  /** Organisation policy: MFA required for administrators, for end users (cloud administrators only). */
  setPolicy: defineMessage<MfaPolicyView>()({
    service: 'identity',
    pattern: 'identity.mfa.policy.set',
    request: z.object({
      context: commandContextSchema,
      orgId: orgIdSchema,
      requiredForAdministrators: z.boolean().optional(),
      /** The end of the grace period, for operators; the console's change starts the default one. */
      graceUntil: z.string().datetime().optional(),
      graceDays: setMfaPolicyBody.shape.graceDays,
      requiredForUsers: z.boolean().optional(),
      /** As `graceUntil`, for end users. */
      usersGraceUntil: z.string().datetime().optional(),
      usersGraceDays: setMfaPolicyBody.shape.usersGraceDays,
    }),
    body: setMfaPolicyBody,
    errors: ['invalid-request', 'forbidden', 'organization-not-found'],
  }),
  /** The organisation's policy as it stands (cloud administrators only, like changing it). */
  getPolicy: defineMessage<MfaPolicyView>()({
    service: 'identity',
    pattern: 'identity.mfa.policy.get',
    request: z.object({ context: commandContextSchema, orgId: orgIdSchema }),
    errors: ['forbidden', 'organization-not-found'],
  }),
};

export interface MfaPolicyView {
  requiredForAdministrators: boolean;
  /** Administrators without a factor may still sign in without one until then (ISO 8601). */
  graceUntil: string | null;
  /** End users signing in to the web portal with a password must have a factor. */
  requiredForUsers: boolean;
  /** End users without a factor may still sign in without one until then (ISO 8601). */
  usersGraceUntil: string | null;
}

/** Shown once; identity keeps only their hashes, and the codes they replace stop working. */
export interface RecoveryCodesRegenerated {
  recoveryCodes: string[];
}

export type StartTotpRequest = z.output<typeof MfaMessages.startTotp.request>;
export type ConfirmTotpRequest = z.output<typeof MfaMessages.confirmTotp.request>;
export type ReauthenticateRequest = z.output<typeof MfaMessages.reauthenticate.request>;
export type RegenerateRecoveryCodesRequest = z.output<
  typeof MfaMessages.regenerateRecoveryCodes.request
>;
export type AccountRef = z.output<typeof accountRefSchema>;
export type ResetMfaRequest = z.output<typeof MfaMessages.reset.request>;
export type SetMfaPolicyRequest = z.output<typeof MfaMessages.setPolicy.request>;
export type GetMfaPolicyRequest = z.output<typeof MfaMessages.getPolicy.request>;
