import { Controller, Inject } from '@nestjs/common';

import { type ParsedRequestOf, SsoMessages, SsoTestMessages } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { SamlRequests } from './saml-requests';
import { SsoSettingsService } from './sso-settings.service';
import { SsoSignInService } from './sso-sign-in.service';
import { SsoTestsService } from './sso-tests.service';

type Request<Name extends keyof typeof SsoMessages> = ParsedRequestOf<(typeof SsoMessages)[Name]>;
type TestRequest<Name extends keyof typeof SsoTestMessages> = ParsedRequestOf<
  (typeof SsoTestMessages)[Name]
>;

@Controller()
export class SsoController {
  constructor(
    @Inject(SsoSettingsService) private readonly settings: SsoSettingsService,
    @Inject(SsoSignInService) private readonly ssoSignIn: SsoSignInService,
    @Inject(SamlRequests) private readonly samlRequests: SamlRequests,
    @Inject(SsoTestsService) private readonly tests: SsoTestsService,
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

  @Handles(SsoTestMessages.start)
  startTest(request: TestRequest<'start'>) {
    return this.tests.start(request.context, request.orgId);
  }

  @Handles(SsoTestMessages.begin)
  beginTest(request: TestRequest<'begin'>) {
    return this.tests.begin(request.orgId, request.testId);
  }

  @Handles(SsoTestMessages.finish)
  finishTest(request: TestRequest<'finish'>) {
    return this.tests.finish(request);
  }

  @Handles(SsoTestMessages.get)
  getTest(request: TestRequest<'get'>) {
    return this.tests.get(request.orgId, request.testId);
  }
}
