/** Where someone signs in: the end users' web portal or the administrators' console. */
export type SignInSurface = 'portal' | 'console';

/**
 * Where on a surface an attempt was made, when not at the surface's own sign-in: the PST download
 * page signs administrators in (console accounts) for one download, without a session.
 */
export type SignInVia = 'pst-download';

export type SignInFailureReason =
  | 'bad-credentials'
  | 'user-disabled'
  | 'user-preserved'
  | 'web-access-disabled'
  | 'sso-required'
  | 'locked-out'
  | 'saml-invalid'
  | 'invalid-otp';

/**
 * Events of the `identity.auth` topic: one per sign-in attempt, high volume, each its own
 * one-event stream rather than part of an account's aggregate. Never the password.
 */
export interface AuthEventPayloads {
  'identity.sign-in.succeeded': {
    surface: SignInSurface;
    via?: SignInVia;
    email: string;
    accountId: string;
    /** `passkey`: passwordless, with a discoverable passkey (a second factor is not a method). */
    method: 'password' | 'saml' | 'passkey';
  };
  'identity.sign-in.failed': {
    surface: SignInSurface;
    via?: SignInVia;
    email: string;
    accountId?: string;
    reason: SignInFailureReason;
    /** What was wrong, for `saml-invalid` (never a credential). */
    detail?: string;
  };
  /** Break-glass: a recovery code stood in for the authenticator app. */
  'identity.mfa.recovery-code-used': {
    surface: SignInSurface;
    via?: SignInVia;
    email: string;
    accountId: string;
    /** Recovery codes the account has left. */
    remaining: number;
  };
  /** Break-glass: a fail-safe password sign-in while the organisation enforces SSO. */
  'identity.sign-in.fail-safe-used': {
    surface: SignInSurface;
    via?: SignInVia;
    email: string;
    accountId: string;
    enforcement: 'users' | 'users-and-administrators';
    /** Absent for the fail-safe password; `passkey` for a passwordless sign-in. */
    method?: 'passkey';
  };
  'identity.account.locked': {
    surface: SignInSurface;
    via?: SignInVia;
    email: string;
    until: string;
    failures: number;
  };
}

export type AuthEventType = keyof AuthEventPayloads;

/** One attempt's event as identity records it: a type and the payload that type carries. */
export type NewAuthEvent = {
  [Type in AuthEventType]: { type: Type; payload: AuthEventPayloads[Type] };
}[AuthEventType];
