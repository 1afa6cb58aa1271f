import { Controller, Inject } from '@nestjs/common';

import { type ParsedRequestOf, PasswordLinksMessages } from '@coffer/contracts';
import { Handles, ServiceRuntime } from '@coffer/service-kit';

import { UsersService } from '../users/users.service';
import { AdministratorPasswordResets } from './administrator-password-resets';

type Request<Name extends keyof typeof PasswordLinksMessages> = ParsedRequestOf<
  (typeof PasswordLinksMessages)[Name]
>;

/** Emailed single-use links: a new user's first password, an administrator's fail-safe one. */
@Controller()
export class PasswordLinksController {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(AdministratorPasswordResets)
    private readonly passwordResets: AdministratorPasswordResets,
    @Inject(ServiceRuntime) private readonly runtime: ServiceRuntime,
  ) {}

  @Handles(PasswordLinksMessages.choose)
  choose(request: Request<'choose'>) {
    return this.users.choosePassword(request);
  }

  @Handles(PasswordLinksMessages.requestReset)
  requestReset(request: Request<'requestReset'>) {
    return this.passwordResets.requestByAdministrator(request);
  }

  /** Answers at once, the same for every email; the link (if any) is sent afterwards. */
  @Handles(PasswordLinksMessages.forgot)
  forgot(request: Request<'forgot'>) {
    void this.passwordResets.forgotPassword(request).catch((error: unknown) => {
      this.runtime.log.warn({ err: error }, 'could not send a forgotten-password link');
    });
    return { accepted: true as const };
  }

  @Handles(PasswordLinksMessages.reset)
  reset(request: Request<'reset'>) {
    return this.passwordResets.reset(request);
  }
}
