import { X509Certificate } from 'node:crypto';

import {
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import { type BodyOf, SsoMessages, SsoTestMessages } from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import { type AuthenticatedRequest, commandContext } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { RequiresRecentAuthentication } from '../sessions/step-up';
import { type IdentityProviderMetadata, IdpMetadataError, parseIdpMetadata } from './idp-metadata';
import { SamlServiceProvider } from './saml-service-provider';

type SsoSettingsBody = BodyOf<typeof SsoMessages.configure>;

/** Settings → SSO: the organisation's identity provider, and what to give it about us. */
@ConsoleController('sso', 'single sign-on')
export class SsoSettingsController {
  constructor(
    @Inject(BackendClients) private readonly backends: BackendClients,
    @Inject(SamlServiceProvider) private readonly serviceProvider: SamlServiceProvider,
  ) {}

  @Get()
  @ApiOperation({ summary: "The organisation's SSO settings and our service provider's addresses" })
  async get(@Req() request: AuthenticatedRequest) {
    const settings = await this.backends.send(SsoMessages.getSettings, {
      orgId: request.principal.orgId,
    });
    return { configured: settings !== null, ...settings, ...this.ourSide(request.principal.orgId) };
  }

  @Put()
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: 'Set the IdP (metadata XML, or entity id, SSO URL and certificates) and enforcement',
    description:
      'Cloud administrators only. Enforcement: off, users (end users sign in only through SSO) or ' +
      'users-and-administrators (product administrators too); cloud administrators keep their fail-safe password.',
  })
  @ApiBodyOf(SsoMessages.configure.body)
  async put(
    @Req() request: AuthenticatedRequest,
    @ValidBody(SsoMessages.configure.body) body: SsoSettingsBody,
  ) {
    const idp = identityProviderOf(body);
    const settings = await this.backends.send(SsoMessages.configure, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      idpEntityId: idp.entityId,
      idpSsoUrl: idp.ssoUrl,
      idpCertificates: idp.certificates.map(certificateBody),
      emailAttribute: body.emailAttribute ?? null,
      nameAttribute: body.nameAttribute ?? null,
      justInTimeProvisioning: body.justInTimeProvisioning ?? false,
      enforcement: body.enforcement,
    });
    return { configured: true, ...settings, ...this.ourSide(request.principal.orgId) };
  }

  @Post('tests')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Start a test sign-in through the IdP that signs nobody in',
    description:
      'Cloud administrators only. Open `startUrl` in the browser: it goes to the IdP and back to ' +
      'Settings → SSO, where GET /api/console/sso/tests/{id} tells what the IdP answered and ' +
      'which account it maps to, or exactly why it failed.',
  })
  async startTest(@Req() request: AuthenticatedRequest) {
    const orgId = request.principal.orgId;
    const test = await this.backends.send(SsoTestMessages.start, {
      context: commandContext(request),
      orgId,
    });
    return { ...test, startUrl: `/sso/${orgId}/test/${test.id}` };
  }

  @Get('tests/:testId')
  @ApiOperation({ summary: 'The result of a test sign-in' })
  getTest(
    @Req() request: AuthenticatedRequest,
    @Param('testId', new ParseUUIDPipe({ exceptionFactory: () => testNotFound() }))
    testId: string,
  ) {
    return this.backends.send(SsoTestMessages.get, { orgId: request.principal.orgId, testId });
  }

  /** What the IdP administrator enters on their side. */
  private ourSide(orgId: string) {
    return {
      serviceProvider: {
        entityId: this.serviceProvider.entityId(orgId),
        metadataUrl: this.serviceProvider.entityId(orgId),
        assertionConsumerServiceUrl: this.serviceProvider.acsUrl(orgId),
      },
    };
  }
}

function identityProviderOf(body: SsoSettingsBody): IdentityProviderMetadata {
  if (body.metadataXml) {
    try {
      const parsed = parseIdpMetadata(body.metadataXml);
      // A second certificate given beside the metadata is kept for a rollover.
      const extra = (body.idpCertificates ?? []).map(certificateBody);
      return {
        ...parsed,
        certificates: [...new Set([...parsed.certificates, ...extra])].slice(0, 2),
      };
    } catch (error) {
      if (error instanceof IdpMetadataError) throw invalid(error.message);
      throw error;
    }
  }
  if (!body.idpEntityId || !body.idpSsoUrl || !body.idpCertificates?.length) {
    throw invalid(
      'Give the IdP metadata XML, or its entity id, single sign-on URL and signing certificate.',
    );
  }
  return { entityId: body.idpEntityId, ssoUrl: body.idpSsoUrl, certificates: body.idpCertificates };
}

/** Accepts a certificate with or without its PEM armour; keeps the base64 body once it parses. */
function certificateBody(certificate: string): string {
  const body = certificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  try {
    new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    throw invalid('A signing certificate is not a base64 X.509 certificate.');
  }
  return body;
}

function testNotFound(): HttpException {
  return new HttpException(
    {
      code: 'sso-test-not-found',
      message: 'There is no such SSO test; start a new one from Settings → SSO.',
    },
    HttpStatus.NOT_FOUND,
  );
}

function invalid(message: string): HttpException {
  return new HttpException({ code: 'invalid-request', message }, HttpStatus.BAD_REQUEST);
}
