import type { CommandContext } from '../envelope';
import type { AdministratorRole } from '../events/identity-events';

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
  password: string;
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
}

export type AuthenticateAdministratorResponse =
  { ok: true; administrator: AdministratorView } | { ok: false };
