import { Controller, Inject } from '@nestjs/common';

import { type ParsedRequestOf, SsoMessages } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { SamlRequests } from './saml-requests';
import { SsoSettingsService } from './sso-settings.service';
import { SsoSignInService } from './sso-sign-in.service';

type Request<Name extends keyof typeof SsoMessages> = ParsedRequestOf<(typeof SsoMessages)[Name]>;

@Controller()
export class SsoController {
  constructor(
    @Inject(SsoSettingsService) private readonly settings: SsoSettingsService,
    @Inject(SsoSignInService) private readonly ssoSignIn: SsoSignInService,
    @Inject(SamlRequests) private readonly samlRequests: SamlRequests,
  ) {}

  @Handles(SsoMessages.getSettings)
  getSettings(request: Request<'getSettings'>) {
    return this.settings.get(request.orgId);
  }

  @Handles(SsoMessages.configure)
  configure(request: Request<'configure'>) {
    return this.settings.configure(request);
  }

  @Handles(SsoMessages.findOrganization)
  findOrganization(request: Request<'findOrganization'>) {
    return this.settings.organizationForEmail(request.email, request.surface);
  }

  @Handles(SsoMessages.signIn)
  signIn(request: Request<'signIn'>) {
    return this.ssoSignIn.signInWithAssertion(request);
  }

  @Handles(SsoMessages.recordFailure)
  async recordFailure(request: Request<'recordFailure'>) {
    await this.ssoSignIn.recordFailure(request);
    return { recorded: true as const };
  }

  @Handles(SsoMessages.saveRequest)
  async saveRequest(request: Request<'saveRequest'>) {
    await this.samlRequests.save(request.key, request.value);
    return { saved: true as const };
  }

  @Handles(SsoMessages.getRequest)
  async getRequest(request: Request<'getRequest'>) {
    return { value: await this.samlRequests.get(request.key) };
  }

  @Handles(SsoMessages.removeRequest)
  async removeRequest(request: Request<'removeRequest'>) {
    return { value: await this.samlRequests.remove(request.key) };
  }
}
