import { Controller, Inject } from '@nestjs/common';

import {
  type AuthenticateAdministratorResponse,
  type ParsedRequestOf,
  SignInMessages,
} from '@coffer/contracts';
import { Handles, ServiceError } from '@coffer/service-kit';

import { ProfileAccess } from '../profile-access/profile-access';
import { SignInService } from './sign-in.service';
import { SignInErrors } from './sign-in-errors';

type Request<Name extends keyof typeof SignInMessages> = ParsedRequestOf<
  (typeof SignInMessages)[Name]
>;

@Controller()
export class SignInController {
  constructor(
    @Inject(SignInService) private readonly signInService: SignInService,
    @Inject(ProfileAccess) private readonly profileAccess: ProfileAccess,
  ) {}

  @Handles(SignInMessages.signIn)
  signIn(request: Request<'signIn'>) {
    return this.signInService.signIn(request);
  }

  /**
   * Email + fail-safe password without a session (HTTP Basic). A wrong secret is `{ ok: false }`; SSO
   * required and lockout stay errors, so the caller can say so.
   */
  @Handles(SignInMessages.authenticateAdministrator)
  async authenticateAdministrator({
    password,
    ...attempt
  }: Request<'authenticateAdministrator'>): Promise<AuthenticateAdministratorResponse> {
    try {
      const administrator = await this.signInService.verifyAdministratorPassword(attempt, password);
      return { ok: true, administrator };
    } catch (error) {
      if (error instanceof ServiceError && error.code === SignInErrors.invalidCredentials().code)
        return { ok: false };
      throw error;
    }
  }

  /** The PST download page's password, with the second factor when the account has one. */
  @Handles(SignInMessages.authenticateForDownload)
  async authenticateForDownload({
    password,
    otp,
    ...attempt
  }: Request<'authenticateForDownload'>): Promise<AuthenticateAdministratorResponse> {
    try {
      const administrator = await this.signInService.verifyAdministratorForDownload(
        attempt,
        password,
        otp,
      );
      return { ok: true, administrator };
    } catch (error) {
      if (error instanceof ServiceError && error.code === SignInErrors.invalidCredentials().code)
        return { ok: false };
      throw error;
    }
  }

  @Handles(SignInMessages.resolveSession)
  resolveSession(request: Request<'resolveSession'>) {
    return this.signInService.resolve(request.sessionToken, request.surface);
  }

  @Handles(SignInMessages.endSession)
  async endSession(request: Request<'endSession'>) {
    await this.signInService.end(request.sessionToken);
    return { ended: true as const };
  }

  @Handles(SignInMessages.profileAccessVersion)
  async profileAccessVersion(request: Request<'profileAccessVersion'>) {
    return { version: await this.profileAccess.version(request.profileId) };
  }
}
