import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';

import { IdentityPatterns } from '@coffer/contracts';
import {
  commandContextSchema,
  emailSchema,
  parseRequest,
  ServiceError,
  ServiceRuntime,
} from '@coffer/service-kit';

import { AdministratorsService } from './administrators/administrators.service';
import { AdministratorPasswordResets } from './credentials/administrator-password-resets';
import { OrganizationsService } from './organizations/organizations.service';
import { ProfileAccess } from './profile-access/profile-access';
import { SignInErrors } from './sign-in/sign-in-errors';
import { SignInService } from './sign-in/sign-in.service';
import { SamlRequests } from './sso/saml-requests';
import { SsoSettingsService } from './sso/sso-settings.service';
import { SsoSignInService } from './sso/sso-sign-in.service';
import { UsersService } from './users/users.service';

const createOrganizationSchema = z.object({
  context: commandContextSchema,
  name: z.string().trim().min(1, 'Enter the organisation name.').max(200),
  slug: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{1,62}$/,
      'The short name uses lower-case letters, digits and dashes (2 to 63).',
    ),
});

const createAdministratorSchema = z.object({
  context: commandContextSchema,
  orgId: z.string().min(1),
  email: emailSchema,
  name: z.string().trim().min(1, 'Enter the administrator name.').max(200),
  role: z.enum(['cloud-administrator', 'product-administrator']),
  /** Left out, the administrator chooses one from an emailed link (an organisation's first). */
  password: z.string().optional(),
});

const administratorRequestSchema = z.object({
  context: commandContextSchema,
  orgId: z.string().min(1),
  administratorId: z.string().min(1).max(100),
});

const clientSchema = z.object({
  ip: z.string().max(100).optional(),
  userAgent: z.string().max(1_000).optional(),
});

const authenticateSchema = z.object({
  email: z.string().max(1_000),
  password: z.string(),
  client: clientSchema,
  correlationId: z.string().min(1).max(200),
});

const surfaceSchema = z.enum(['portal', 'console']);

const configureSsoSchema = z.object({
  context: commandContextSchema,
  orgId: z.string().min(1),
  idpEntityId: z.string().trim().min(1).max(1_000),
  idpSsoUrl: z.string().url().max(2_000),
  idpCertificates: z.array(z.string().min(1).max(20_000)).min(1).max(2),
  emailAttribute: z.string().trim().min(1).max(500).nullable(),
  nameAttribute: z.string().trim().min(1).max(500).nullable(),
  justInTimeProvisioning: z.boolean(),
  enforcement: z.enum(['off', 'users', 'users-and-administrators']),
});

const ssoSignInSchema = z.object({
  orgId: z.string().min(1).max(100),
  surface: surfaceSchema,
  email: emailSchema,
  name: z.string().max(500).optional(),
  assertionId: z.string().min(1).max(500),
  assertionExpiresAt: z.string().datetime(),
  client: clientSchema,
  correlationId: z.string().min(1).max(200),
});

const samlFailureSchema = z.object({
  orgId: z.string().min(1).max(100),
  surface: surfaceSchema,
  email: z.string().max(1_000).optional(),
  detail: z.string().max(500),
  client: clientSchema,
  correlationId: z.string().min(1).max(200),
});

const samlRequestKeySchema = z.object({ key: z.string().min(1).max(200) });

const signInSchema = z.object({
  surface: surfaceSchema,
  email: z.string().max(1_000),
  password: z.string(),
  client: clientSchema,
  correlationId: z.string().min(1).max(200),
});

const sessionSchema = z.object({
  sessionToken: z.string().min(1).max(200),
  surface: surfaceSchema,
});

const listUsersSchema = z.object({
  orgId: z.string().min(1),
  query: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

const createUserSchema = z.object({
  context: commandContextSchema,
  orgId: z.string().min(1),
  email: emailSchema,
  name: z.string().trim().min(1, 'Enter the user name.').max(200),
  profileId: z.string().min(1).optional(),
  password: z.string().optional(),
});

const changeUserStatusSchema = z.object({
  context: commandContextSchema,
  orgId: z.string().min(1),
  userId: z.string().min(1).max(100),
  action: z.enum(['activate', 'disable', 'preserve']),
});

@Controller()
export class IdentityController {
  constructor(
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(AdministratorsService) private readonly administrators: AdministratorsService,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(SignInService) private readonly signInService: SignInService,
    @Inject(ProfileAccess) private readonly profileAccess: ProfileAccess,
    @Inject(SsoSettingsService) private readonly ssoSettings: SsoSettingsService,
    @Inject(SsoSignInService) private readonly ssoSignIn: SsoSignInService,
    @Inject(SamlRequests) private readonly samlRequests: SamlRequests,
    @Inject(AdministratorPasswordResets)
    private readonly passwordResets: AdministratorPasswordResets,
    @Inject(ServiceRuntime) private readonly runtime: ServiceRuntime,
  ) {}

  private get log() {
    return this.runtime.log;
  }

  @MessagePattern(IdentityPatterns.createOrganization)
  createOrganization(@Payload() message: unknown) {
    return this.organizations.create(parseRequest(createOrganizationSchema, message));
  }

  @MessagePattern(IdentityPatterns.findOrganizationBySlug)
  async findOrganizationBySlug(@Payload() message: unknown) {
    const { slug } = parseRequest(z.object({ slug: z.string() }), message);
    return (await this.organizations.findBySlug(slug)) ?? null;
  }

  @MessagePattern(IdentityPatterns.createAdministrator)
  createAdministrator(@Payload() message: unknown) {
    return this.administrators.create(parseRequest(createAdministratorSchema, message));
  }

  /** For the operator creating an organisation: whether an administrator already has this email. */
  @MessagePattern(IdentityPatterns.administratorEmailInUse)
  async administratorEmailInUse(@Payload() message: unknown) {
    const { email } = parseRequest(z.object({ email: emailSchema }), message);
    return { inUse: await this.administrators.emailInUse(email) };
  }

  /**
   * Email + fail-safe password without a session. A wrong secret is `{ ok: false }`; SSO
   * required and lockout stay errors, so the caller can say so.
   */
  @MessagePattern(IdentityPatterns.authenticateAdministrator)
  async authenticateAdministrator(@Payload() message: unknown) {
    const { password, ...attempt } = parseRequest(authenticateSchema, message);
    try {
      const administrator = await this.signInService.verifyAdministratorPassword(attempt, password);
      return { ok: true, administrator };
    } catch (error) {
      if (error instanceof ServiceError && error.code === SignInErrors.invalidCredentials().code)
        return { ok: false };
      throw error;
    }
  }

  @MessagePattern(IdentityPatterns.signIn)
  signIn(@Payload() message: unknown) {
    return this.signInService.signIn(parseRequest(signInSchema, message));
  }

  @MessagePattern(IdentityPatterns.resolveSession)
  resolveSession(@Payload() message: unknown) {
    const { sessionToken, surface } = parseRequest(sessionSchema, message);
    return this.signInService.resolve(sessionToken, surface);
  }

  @MessagePattern(IdentityPatterns.endSession)
  async endSession(@Payload() message: unknown) {
    await this.signInService.end(parseRequest(sessionSchema, message).sessionToken);
    return { ended: true };
  }

  @MessagePattern(IdentityPatterns.listUsers)
  listUsers(@Payload() message: unknown) {
    return this.users.list(parseRequest(listUsersSchema, message));
  }

  @MessagePattern(IdentityPatterns.getUser)
  getUser(@Payload() message: unknown) {
    const { orgId, userId } = parseRequest(
      z.object({ orgId: z.string().min(1), userId: z.string().max(100) }),
      message,
    );
    return this.users.get(orgId, userId);
  }

  @MessagePattern(IdentityPatterns.createUser)
  createUser(@Payload() message: unknown) {
    return this.users.create(parseRequest(createUserSchema, message));
  }

  @MessagePattern(IdentityPatterns.changeUserStatus)
  changeUserStatus(@Payload() message: unknown) {
    return this.users.changeStatus(parseRequest(changeUserStatusSchema, message));
  }

  @MessagePattern(IdentityPatterns.listAdministrators)
  listAdministrators(@Payload() message: unknown) {
    return this.administrators.list(
      parseRequest(z.object({ orgId: z.string().min(1) }), message).orgId,
    );
  }

  @MessagePattern(IdentityPatterns.changeAdministratorRole)
  changeAdministratorRole(@Payload() message: unknown) {
    const schema = administratorRequestSchema.extend({
      role: z.enum(['cloud-administrator', 'product-administrator']),
    });
    return this.administrators.changeRole(parseRequest(schema, message));
  }

  @MessagePattern(IdentityPatterns.disableAdministrator)
  disableAdministrator(@Payload() message: unknown) {
    return this.administrators.disable(parseRequest(administratorRequestSchema, message));
  }

  @MessagePattern(IdentityPatterns.choosePassword)
  choosePassword(@Payload() message: unknown) {
    const schema = z.object({ token: z.string().min(1).max(200), newPassword: z.string() });
    return this.users.choosePassword(parseRequest(schema, message));
  }

  @MessagePattern(IdentityPatterns.importUsers)
  importUsers(@Payload() message: unknown) {
    const schema = z.object({
      context: commandContextSchema,
      orgId: z.string().min(1),
      rows: z
        .array(
          z.object({
            line: z.number().int(),
            email: z.string().max(1_000),
            name: z.string().max(1_000),
            profileId: z.string().optional(),
          }),
        )
        .max(10_000),
    });
    return this.users.import(parseRequest(schema, message));
  }

  @MessagePattern(IdentityPatterns.assignProfile)
  assignProfile(@Payload() message: unknown) {
    const schema = z.object({
      context: commandContextSchema,
      orgId: z.string().min(1),
      userId: z.string().min(1).max(100),
      profileId: z.string().min(1).max(100),
    });
    return this.users.assignProfile(parseRequest(schema, message));
  }

  @MessagePattern(IdentityPatterns.profileAccessVersion)
  async profileAccessVersion(@Payload() message: unknown) {
    const { profileId } = parseRequest(
      z.object({ profileId: z.string().min(1).max(100) }),
      message,
    );
    return { version: await this.profileAccess.version(profileId) };
  }

  /** An active administrator by id, or null: how the gateway checks a token's owner on every use. */
  @MessagePattern(IdentityPatterns.getAdministrator)
  async getAdministrator(@Payload() message: unknown) {
    const { administratorId } = parseRequest(
      z.object({ administratorId: z.string().min(1).max(100) }),
      message,
    );
    const administrator = await this.administrators.activeById(administratorId);
    return administrator ?? null;
  }

  @MessagePattern(IdentityPatterns.getSsoSettings)
  getSsoSettings(@Payload() message: unknown) {
    const { orgId } = parseRequest(z.object({ orgId: z.string().min(1).max(100) }), message);
    return this.ssoSettings.get(orgId);
  }

  @MessagePattern(IdentityPatterns.configureSso)
  configureSso(@Payload() message: unknown) {
    return this.ssoSettings.configure(parseRequest(configureSsoSchema, message));
  }

  @MessagePattern(IdentityPatterns.findSsoOrganization)
  findSsoOrganization(@Payload() message: unknown) {
    const { email, surface } = parseRequest(
      z.object({ email: z.string().max(1_000), surface: surfaceSchema }),
      message,
    );
    return this.ssoSettings.organizationForEmail(email, surface);
  }

  @MessagePattern(IdentityPatterns.ssoSignIn)
  ssoSignInWithAssertion(@Payload() message: unknown) {
    return this.ssoSignIn.signInWithAssertion(parseRequest(ssoSignInSchema, message));
  }

  @MessagePattern(IdentityPatterns.recordSamlFailure)
  async recordSamlFailure(@Payload() message: unknown) {
    await this.ssoSignIn.recordFailure(parseRequest(samlFailureSchema, message));
    return { recorded: true };
  }

  @MessagePattern(IdentityPatterns.saveSamlRequest)
  async saveSamlRequest(@Payload() message: unknown) {
    const { key, value } = parseRequest(
      samlRequestKeySchema.extend({ value: z.string().max(100) }),
      message,
    );
    await this.samlRequests.save(key, value);
    return { saved: true };
  }

  @MessagePattern(IdentityPatterns.getSamlRequest)
  async getSamlRequest(@Payload() message: unknown) {
    return { value: await this.samlRequests.get(parseRequest(samlRequestKeySchema, message).key) };
  }

  @MessagePattern(IdentityPatterns.removeSamlRequest)
  async removeSamlRequest(@Payload() message: unknown) {
    const { key } = parseRequest(samlRequestKeySchema, message);
    return { value: await this.samlRequests.remove(key) };
  }

  @MessagePattern(IdentityPatterns.requestPasswordReset)
  requestPasswordReset(@Payload() message: unknown) {
    return this.passwordResets.requestByAdministrator(
      parseRequest(administratorRequestSchema, message),
    );
  }

  /** Answers at once, the same for every email; the link (if any) is sent afterwards. */
  @MessagePattern(IdentityPatterns.forgotPassword)
  forgotPassword(@Payload() message: unknown) {
    const request = parseRequest(
      z.object({ email: z.string().max(1_000), client: clientSchema }),
      message,
    );
    void this.passwordResets.forgotPassword(request).catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not send a forgotten-password link');
    });
    return { accepted: true };
  }

  @MessagePattern(IdentityPatterns.resetPassword)
  resetPassword(@Payload() message: unknown) {
    const schema = z.object({ token: z.string().min(1).max(200), newPassword: z.string() });
    return this.passwordResets.reset(parseRequest(schema, message));
  }
}
