import { z } from 'zod';

import type { UserStatus } from '../../events/identity-events';
import { clientSchema, correlationIdSchema } from '../common-schemas';
import { defineMessage } from '../message-definition';
import { type AdministratorView, passwordInputSchema } from './administrators-messages';
import { type MfaStatus, otpSchema } from './mfa-messages';
import { passkeyAssertionSchema } from './passkeys-messages';

export const signInSurfaceSchema = z.enum(['portal', 'console']);

export interface Capabilities {
  /** The Data Sources tab: shown only when the profile allows restore from the web. */
  dataSources: boolean;
  restore: boolean;
  share: boolean;
}

export interface UserView {
  id: string;
  orgId: string;
  email: string;
  name: string;
  status: UserStatus;
  profileId: string | null;
  /** When the user was created (ISO 8601), in lists and on the user's page; absent for users created before it was recorded. */
  createdAt?: string;
}

/** Who a session belongs to, as the gateway needs it on every request. */
export type SessionPrincipal =
  | {
      kind: 'user';
      sessionId: string;
      orgId: string;
      user: UserView;
      capabilities: Capabilities;
      /** The user's second factor and what the organisation's policy asks of end users. */
      mfa?: MfaStatus;
      /** A sign-in or a second factor within the step-up window. */
      recentlyAuthenticated?: boolean;
      /** This sign-in used a recovery code. */
      breakGlass?: boolean;
    }
  | {
      kind: 'administrator';
      sessionId: string;
      orgId: string;
      administrator: AdministratorView;
      /** How the request proved who it is; requests made with an API token act as 'api-token'. */
      authenticatedBy?: 'session' | 'password' | 'api-token';
      /** The session's second factor and what the organisation's policy asks (sessions only). */
      mfa?: MfaStatus;
      /** A sign-in or a second factor within the step-up window (sessions only). */
      recentlyAuthenticated?: boolean;
      /** This sign-in used a break-glass path (a recovery code, the fail-safe password under SSO). */
      breakGlass?: boolean;
    };

/** The session secret goes to the browser as a cookie; identity keeps only its hash. */
export interface SignInResponse {
  sessionToken: string;
  principal: SessionPrincipal;
}

/** Refusals other than a wrong secret (SSO required, locked out) arrive as service errors. */
export type AuthenticateAdministratorResponse =
  { ok: true; administrator: AdministratorView } | { ok: false };

/** What a sign-in form posts. Lengths are bounded so an absurd body never reaches a hash. */
export const loginBody = z
  .object({
    email: z.string().max(320),
    password: passwordInputSchema,
    /** Asked for (`401 mfa-required`) when the account has a second factor. */
    otp: otpSchema.optional(),
    /** Instead of `otp`: a passkey's answer to a challenge from `POST /api/console/passkeys/challenge`. */
    passkey: passkeyAssertionSchema.optional(),
  })
  .strict();

/** Who is signing in, from where, and the id that ties their request together across services. */
const attemptSchema = z.object({
  email: z.string().max(1_000),
  password: z.string(),
  otp: otpSchema.optional(),
  passkey: passkeyAssertionSchema.optional(),
  client: clientSchema,
  correlationId: correlationIdSchema,
});

const sessionSchema = z.object({
  sessionToken: z.string().min(1).max(200),
  surface: signInSurfaceSchema,
});

const signInErrors = [
  'invalid-request',
  'invalid-credentials',
  'user-disabled',
  'user-preserved',
  'web-access-disabled',
  'sso-required',
  'locked-out',
  'mfa-required',
  'invalid-otp',
] as const;

/** Password sign-in to the portal and the console, sessions, and the rules sign-in follows. */
export const SignInMessages = {
  signIn: defineMessage<SignInResponse>()({
    service: 'identity',
    pattern: 'identity.sign-in',
    request: attemptSchema.extend({ surface: signInSurfaceSchema }),
    body: loginBody,
    errors: signInErrors,
  }),
  /**
   * Email + fail-safe password without a session (HTTP Basic, the PST download page). A wrong
   * secret is `{ ok: false }`; SSO required and lockout stay errors, so the caller can say so.
   */
  authenticateAdministrator: defineMessage<AuthenticateAdministratorResponse>()({
    service: 'identity',
    pattern: 'identity.administrator.authenticate',
    request: attemptSchema,
    errors: ['invalid-request', 'sso-required', 'locked-out', 'mfa-password-refused'],
  }),
  /**
   * The PST download page with a fail-safe password: as console sign-in, an administrator with a
   * second factor is asked for it (`mfa-required`, then `otp`), and wrong codes count towards the
   * lockout; no session starts. A wrong password is `{ ok: false }`, as above.
   */
  authenticateForDownload: defineMessage<AuthenticateAdministratorResponse>()({
    service: 'identity',
    pattern: 'identity.administrator.authenticate-for-download',
    request: attemptSchema,
    errors: [
      'invalid-request',
      'sso-required',
      'locked-out',
      'mfa-required',
      'invalid-otp',
      'mfa-enrolment-required',
    ],
  }),
  /** The principal of a live session on this surface, or null. */
  resolveSession: defineMessage<SessionPrincipal | null>()({
    service: 'identity',
    pattern: 'identity.session.resolve',
    request: sessionSchema,
    errors: [],
  }),
  endSession: defineMessage<{ ended: true }>()({
    service: 'identity',
    pattern: 'identity.session.end',
    request: sessionSchema,
    errors: [],
  }),
  /**
   * How far identity has applied a profile's events to sign-in; the gateway waits for a change
   * to land here, so the next sign-in of any of the profile's users follows it.
   */
  profileAccessVersion: defineMessage<{ version: number }>()({
    service: 'identity',
    pattern: 'identity.profile-access.version',
    request: z.object({ profileId: z.string().min(1).max(100) }),
    errors: [],
  }),
};

export type SignInRequest = z.output<typeof SignInMessages.signIn.request>;
export type LoginBody = z.output<typeof loginBody>;
export type AuthenticateAdministratorRequest = z.output<
  typeof SignInMessages.authenticateAdministrator.request
>;
export type AuthenticateForDownloadRequest = z.output<
  typeof SignInMessages.authenticateForDownload.request
>;
export type ResolveSessionRequest = z.output<typeof SignInMessages.resolveSession.request>;
