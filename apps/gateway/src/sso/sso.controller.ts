import {
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import {
  SAML_INVALID,
  SSO_TEST_REQUEST_PREFIX,
  SsoMessages,
  SsoTestMessages,
  type SsoTestOutcome,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { correlationIdOf } from '../sessions/correlation-id';
import { Public } from '../sessions/public.decorator';
import { SignInHandler } from '../sign-in/sign-in.handler';
import { checkValidatedProfile, SamlRejection } from './saml-response-checks';
import { SamlServiceProvider, type SsoRequest } from './saml-service-provider';
import { destinationOf, landingPathOf, relayStateOf, type SsoDestination } from './sso-destination';
import { attributesOf, ssoTestFailureOf, ssoTestIdOf } from './sso-test-response';

const orgIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => ssoNotConfigured(),
});

/**
 * SAML single sign-on, for the portal, the console and the PST download page. Outside `/api`:
 * these are browser navigations (to the IdP and back), not API calls.
 */
@ApiExcludeController()
@Controller('sso')
export class SsoController {
  constructor(
    @Inject(BackendClients) private readonly backends: BackendClients,
    @Inject(SamlServiceProvider) private readonly serviceProvider: SamlServiceProvider,
    @Inject(SignInHandler) private readonly signInHandler: SignInHandler,
  ) {}

  /** "Sign in with SSO" after typing an email: finds the organisation, then its IdP. */
  @Get('login')
  @Public('starts single sign-on: there is no session yet')
  async loginByEmail(
    @Query('email') email: unknown,
    @Query('surface') surface: unknown,
    @Query('pstExportId') pstExportId: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const destination = destinationFromQuery(surface, pstExportId);
    if (typeof email !== 'string' || email.length > 320) throw ssoNotAvailable();
    const found = await this.backends.send(SsoMessages.findOrganization, {
      email,
      surface: destination.surface,
    });
    if (!found) throw ssoNotAvailable();
    response.redirect(303, `/sso/${found.orgId}/login?${loginQuery(destination)}`);
  }

  @Get(':orgId/metadata')
  @Public('the identity provider reads the service provider metadata')
  async metadata(
    @Param('orgId', orgIdPipe) orgId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const ssoRequest = await this.withSettings(request, orgId);
    response
      .type('application/samlmetadata+xml')
      .send(await this.serviceProvider.metadata(ssoRequest));
  }

  @Get(':orgId/login')
  @Public('starts single sign-on: there is no session yet')
  async login(
    @Param('orgId', orgIdPipe) orgId: string,
    @Query('surface') surface: unknown,
    @Query('pstExportId') pstExportId: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const destination = destinationFromQuery(surface, pstExportId);
    const ssoRequest = await this.withSettings(request, orgId);
    await this.serviceProvider.startSignIn(ssoRequest, response, relayStateOf(destination));
  }

  /**
   * Settings → SSO → Test sign-in, reached from the console's button: the test (created by a
   * cloud administrator through the API) is sent to the IdP once, under its own request id.
   */
  @Get(':orgId/test/:testId')
  @Public('the test was created by a cloud administrator; this only sends it to the IdP, once')
  async startTest(
    @Param('orgId', orgIdPipe) orgId: string,
    @Param('testId', new ParseUUIDPipe({ exceptionFactory: () => ssoTestNotFound() }))
    testId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const ssoRequest = await this.withSettings(request, orgId);
    await this.backends.send(SsoTestMessages.begin, { orgId, testId });
    ssoRequest.ssoTestId = testId;
    await this.serviceProvider.startSignIn(ssoRequest, response, 'console');
  }

  /** The assertion consumer: the IdP's signed answer arrives here, posted by the browser. */
  @Post(':orgId/acs')
  @Public('the identity provider posts the signed SAML response here')
  async assertionConsumer(
    @Param('orgId', orgIdPipe) orgId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const ssoRequest = await this.withSettings(request, orgId);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const testId = ssoTestIdOf(body.SAMLResponse);
    // A test's answer never reaches the sign-in below, whatever else it says.
    if (testId !== undefined) return this.finishTest(ssoRequest, testId, response);
    const destination = destinationOf(body.RelayState) ?? { surface: 'portal' };
    const attempt = {
      orgId,
      surface: destination.surface,
      client: { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 500) },
      correlationId: correlationIdOf(request),
    };
    let accepted;
    try {
      if (typeof body.SAMLResponse !== 'string' || body.SAMLResponse.length > 1_000_000)
        throw new SamlRejection('no SAMLResponse');
      const profile = await this.serviceProvider.consumeResponse(ssoRequest, response);
      accepted = checkValidatedProfile(profile, {
        acsUrl: this.serviceProvider.acsUrl(orgId),
        emailAttribute: ssoRequest.ssoSettings.emailAttribute,
        nameAttribute: ssoRequest.ssoSettings.nameAttribute,
      });
    } catch (error) {
      if (!(error instanceof SamlRejection)) throw error;
      await this.backends.send(SsoMessages.recordFailure, { ...attempt, detail: error.message });
      const refusal = new HttpException({ ...SAML_INVALID }, HttpStatus.UNAUTHORIZED);
      this.signInHandler.countRefusal(destination.surface, refusal);
      throw refusal;
    }
    const result = await this.backends
      .send(SsoMessages.signIn, {
        ...attempt,
        email: accepted.email,
        ...(accepted.name ? { name: accepted.name } : {}),
        assertionId: accepted.assertionId,
        assertionExpiresAt: accepted.expiresAt.toISOString(),
      })
      .catch((error: unknown) => {
        this.signInHandler.countRefusal(destination.surface, error);
        throw error;
      });
    this.signInHandler.startSession(response, destination.surface, result);
    response.redirect(303, landingPathOf(destination));
  }

  /** Verifies the IdP's answer to a test as a sign-in's, keeps the verdict, and shows it. */
  private async finishTest(
    request: SsoRequest,
    testId: string | null,
    response: Response,
  ): Promise<void> {
    if (!testId) throw ssoTestNotFound();
    const orgId = request.ssoSettings.orgId;
    let outcome: SsoTestOutcome;
    try {
      const profile = await this.serviceProvider.consumeResponse(request, response);
      if (profile.inResponseTo !== `${SSO_TEST_REQUEST_PREFIX}${testId}`)
        throw new SamlRejection('InResponseTo does not name this test');
      const accepted = checkValidatedProfile(profile, {
        acsUrl: this.serviceProvider.acsUrl(orgId),
        emailAttribute: request.ssoSettings.emailAttribute,
        nameAttribute: request.ssoSettings.nameAttribute,
      });
      outcome = {
        accepted: true,
        email: accepted.email,
        nameId: profile.nameID ?? null,
        attributes: attributesOf(profile.attributes),
      };
    } catch (error) {
      if (!(error instanceof SamlRejection)) throw error;
      outcome = {
        accepted: false,
        reason: ssoTestFailureOf(error.message),
        detail: error.message.slice(0, 500),
      };
    }
    await this.backends.send(SsoTestMessages.finish, {
      orgId,
      testId,
      outcome,
      client: { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 500) },
      correlationId: correlationIdOf(request),
    });
    response.redirect(303, `/console/settings/sso?test=${testId}`);
  }

  private async withSettings(request: Request, orgId: string): Promise<SsoRequest> {
    const settings = await this.backends.send(SsoMessages.getSettings, { orgId });
    if (!settings) throw ssoNotConfigured();
    return Object.assign(request, { ssoSettings: settings });
  }
}

function destinationFromQuery(surface: unknown, pstExportId: unknown): SsoDestination {
  const destination =
    typeof pstExportId === 'string' && pstExportId
      ? destinationOf(`download:${pstExportId}`)
      : destinationOf(surface ?? 'portal');
  if (!destination) {
    throw new HttpException(
      {
        code: 'invalid-request',
        message: 'surface must be portal or console, and pstExportId an export id.',
      },
      HttpStatus.BAD_REQUEST,
    );
  }
  return destination;
}

function loginQuery(destination: SsoDestination): string {
  const query = new URLSearchParams({ surface: destination.surface });
  if ('pstExportId' in destination) query.set('pstExportId', destination.pstExportId);
  return query.toString();
}

function ssoNotConfigured(): HttpException {
  return new HttpException(
    { code: 'sso-not-configured', message: 'Single sign-on is not set up for this organisation.' },
    HttpStatus.NOT_FOUND,
  );
}

function ssoTestNotFound(): HttpException {
  return new HttpException(
    {
      code: 'sso-test-not-found',
      message: 'There is no such SSO test; start a new one from Settings → SSO.',
    },
    HttpStatus.NOT_FOUND,
  );
}

/** The same for an unknown email and for an organisation without SSO. */
function ssoNotAvailable(): HttpException {
  return new HttpException(
    {
      code: 'sso-not-available',
      message:
        'Single sign-on is not available for this email address. Sign in with your password.',
    },
    HttpStatus.NOT_FOUND,
  );
}
