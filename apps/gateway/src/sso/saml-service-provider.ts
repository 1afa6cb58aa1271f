import {
  type CacheProvider,
  MultiSamlStrategy,
  type PassportSamlConfig,
  type Profile,
  ValidateInResponseTo,
} from '@node-saml/passport-saml';
import type { Request, Response } from 'express';
import { Passport, type Strategy as PassportStrategy } from 'passport';

import type { CofferConfig } from '@coffer/config';
import { SSO_TEST_REQUEST_PREFIX, type SsoSettingsView } from '@coffer/contracts';

import type { BackendClients } from '../backend/backend-clients';
import { BrowserBoundRequestCache } from './browser-bound-request-cache';
import { IdentityRequestCache } from './identity-request-cache';
import { SamlRejection } from './saml-response-checks';

/** An IdP has this long to answer our AuthnRequest (a person typing their password there). */
const REQUEST_LIFETIME_MS = 15 * 60_000;

/** A request to one organisation's SSO, with that organisation's settings looked up already. */
export interface SsoRequest extends Request {
  ssoSettings: SsoSettingsView;
  /** Set when this request starts Settings → SSO → Test sign-in: its AuthnRequest id says so. */
  ssoTestId?: string;
}

/**
 * The gateway as SAML service provider, one per organisation: passport-saml's
 * MultiSamlStrategy builds node-saml's options from the organisation's settings on each request.
 * Signed assertions, audience, issuer, time window with a small skew, and InResponseTo (always,
 * against requests remembered by identity) are node-saml's checks; ours follow in
 * saml-response-checks.
 */
export class SamlServiceProvider {
  private readonly passport = new Passport();
  private readonly strategy: MultiSamlStrategy;

  constructor(
    backends: BackendClients,
    private readonly config: CofferConfig,
  ) {
    const requests = new IdentityRequestCache(backends);
    const secure = new URL(config.publicUrl).protocol === 'https:';
    this.strategy = new MultiSamlStrategy(
      {
        passReqToCallback: true,
        getSamlOptions: (request, done) => {
          try {
            const ssoRequest = request as unknown as SsoRequest;
            const cache = new BrowserBoundRequestCache(
              requests,
              ssoRequest,
              REQUEST_LIFETIME_MS,
              secure,
            );
            done(null, this.optionsFor(ssoRequest.ssoSettings, cache, ssoRequest.ssoTestId));
          } catch (error) {
            done(error as Error);
          }
        },
      },
      (_request, profile, done) => done(null, profile ?? undefined),
      (_request, profile, done) => done(null, profile ?? undefined),
    );
    // passport-saml is typed against Express 4's request type; the gateway runs Express 5.
    this.passport.use('saml', this.strategy as unknown as PassportStrategy);
  }

  entityId(orgId: string): string {
    return `${this.config.publicUrl}/sso/${orgId}/metadata`;
  }

  acsUrl(orgId: string): string {
    return `${this.config.publicUrl}/sso/${orgId}/acs`;
  }

  /** Redirects the browser to the IdP with a signed-in-later destination in RelayState. */
  startSignIn(request: SsoRequest, response: Response, relayState: string): Promise<void> {
    return new Promise((resolve, reject) => {
      response.once('finish', () => resolve());
      this.passport.authenticate(
        'saml',
        // passport-saml reads additionalParams from the options (its AuthenticateOptions).
        { session: false, additionalParams: { RelayState: relayState } } as object,
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      )(request, response, reject);
    });
  }

  /** The profile of a response node-saml accepted; a SamlRejection with the reason otherwise. */
  consumeResponse(request: SsoRequest, response: Response): Promise<Profile> {
    return new Promise((resolve, reject) => {
      this.passport.authenticate(
        'saml',
        { session: false },
        (error: unknown, profile: Profile | false | undefined, info: unknown) => {
          if (error) return reject(new SamlRejection(reasonOf(error)));
          if (!profile) return reject(new SamlRejection(reasonOf(info)));
          resolve(profile);
        },
      )(request, response, (error: unknown) => reject(new SamlRejection(reasonOf(error))));
    });
  }

  metadata(request: SsoRequest): Promise<string> {
    return new Promise((resolve, reject) => {
      this.strategy.generateServiceProviderMetadata(
        request as unknown as Parameters<MultiSamlStrategy['generateServiceProviderMetadata']>[0],
        null,
        null,
        (error, xml) => (error || !xml ? reject(error ?? new Error('no metadata')) : resolve(xml)),
      );
    });
  }

  private optionsFor(
    settings: SsoSettingsView,
    cacheProvider: CacheProvider,
    ssoTestId: string | undefined,
  ): PassportSamlConfig {
    const entityId = this.entityId(settings.orgId);
    return {
      // A test's request id is `_ssotest-<test id>`: the assertion consumer routes its answer by it.
      ...(ssoTestId ? { generateUniqueId: () => `${SSO_TEST_REQUEST_PREFIX}${ssoTestId}` } : {}),
      issuer: entityId,
      audience: entityId,
      callbackUrl: this.acsUrl(settings.orgId),
      entryPoint: settings.idpSsoUrl,
      idpIssuer: settings.idpEntityId,
      idpCert: settings.idpCertificates,
      wantAssertionsSigned: true,
      // Many IdPs sign only the assertion; the assertion is what we trust and read.
      wantAuthnResponseSigned: false,
      signatureAlgorithm: 'sha256',
      identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      disableRequestedAuthnContext: true,
      acceptedClockSkewMs: this.config.saml.clockSkewMs,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_LIFETIME_MS,
      cacheProvider,
    };
  }
}

function reasonOf(value: unknown): string {
  if (value instanceof Error) return value.message.slice(0, 300);
  if (value && typeof value === 'object' && 'message' in value)
    return String((value as { message: unknown }).message).slice(0, 300);
  return 'the response was not accepted';
}
