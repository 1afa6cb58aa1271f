import type { CommandContext } from '../envelope';
import type { SignInSurface } from '../events/auth-events';
import type {
  AdministratorRole,
  OrganizationSsoConfiguredPayload,
  SsoEnforcement,
  UserStatus,
} from '../events/identity-events';

export interface CreateOrganizationRequest {
  context: CommandContext;
  name: string;
  slug: string;
}

export interface OrganizationView {
  id: string;
  name: string;
  slug: string;
}

export interface CreateAdministratorRequest {
  context: CommandContext;
  orgId: string;
  email: string;
  name: string;
  role: AdministratorRole;
  /** Left out, the administrator has none until they choose one from an emailed link. */
  password?: string;
}

export interface AdministratorView {
  id: string;
  orgId: string;
  email: string;
  name: string;
  role: AdministratorRole;
}

export interface AuthenticateAdministratorRequest {
  email: string;
  password: string;
  client: { ip?: string; userAgent?: string };
  correlationId: string;
}

/** Refusals other than a wrong secret (SSO required, locked out) arrive as service errors. */
export type AuthenticateAdministratorResponse =
  { ok: true; administrator: AdministratorView } | { ok: false };

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
}

/** Who a session belongs to, as the gateway needs it on every request. */
export type SessionPrincipal =
  | { kind: 'user'; sessionId: string; orgId: string; user: UserView; capabilities: Capabilities }
  | {
      kind: 'administrator';
      sessionId: string;
      orgId: string;
      administrator: AdministratorView;
      /** How the request proved who it is; requests made with an API token act as 'api-token'. */
      authenticatedBy?: 'session' | 'password' | 'api-token';
    };

export interface SignInRequest {
  surface: SignInSurface;
  email: string;
  password: string;
  client: { ip?: string; userAgent?: string };
  correlationId: string;
}

/** The session secret goes to the browser as a cookie; identity keeps only its hash. */
export interface SignInResponse {
  sessionToken: string;
  principal: SessionPrincipal;
}

export interface ResolveSessionRequest {
  sessionToken: string;
  surface: SignInSurface;
}

export interface ListUsersRequest {
  orgId: string;
  query?: string;
  limit?: number;
}

export interface CreateUserRequest {
  context: CommandContext;
  orgId: string;
  email: string;
  name: string;
  profileId?: string;
  password?: string;
}

export type UserStatusAction = 'activate' | 'disable' | 'preserve';

export interface ChangeUserStatusRequest {
  context: CommandContext;
  orgId: string;
  userId: string;
  action: UserStatusAction;
}

export interface AdministratorRequest {
  context: CommandContext;
  orgId: string;
  administratorId: string;
}

export interface ChangeAdministratorRoleRequest extends AdministratorRequest {
  role: AdministratorRole;
}

export interface ChoosePasswordRequest {
  token: string;
  newPassword: string;
}

export interface ImportUsersRequest {
  context: CommandContext;
  orgId: string;
  rows: { line: number; email: string; name: string; profileId?: string }[];
}

export interface ImportUsersResult {
  created: number;
  skipped: { line: number; email: string; reason: string }[];
}

export interface AssignProfileRequest {
  context: CommandContext;
  orgId: string;
  userId: string;
  profileId: string;
}

/** An organisation's SAML settings as identity keeps them; null fields when SSO was never set up. */
export interface SsoSettingsView extends OrganizationSsoConfiguredPayload {
  orgId: string;
  enforcement: SsoEnforcement;
}

export interface ConfigureSsoRequest extends OrganizationSsoConfiguredPayload {
  context: CommandContext;
  orgId: string;
  enforcement: SsoEnforcement;
}

/** Sent by the gateway after it validated a SAML response: who the IdP says signed in. */
export interface SsoSignInRequest {
  orgId: string;
  surface: SignInSurface;
  email: string;
  name?: string;
  /** The assertion's ID, accepted once. */
  assertionId: string;
  /** Until when the assertion could be replayed: its id is remembered that long. */
  assertionExpiresAt: string;
  client: { ip?: string; userAgent?: string };
  correlationId: string;
}

export interface SamlFailureRequest {
  orgId: string;
  surface: SignInSurface;
  email?: string;
  detail: string;
  client: { ip?: string; userAgent?: string };
  correlationId: string;
}

export interface PasswordResetRequest {
  context: CommandContext;
  orgId: string;
  administratorId: string;
}

export interface ForgotPasswordRequest {
  email: string;
  client: { ip?: string; userAgent?: string };
}

export interface ResetPasswordRequest {
  token: string;
  newPassword: string;
}
