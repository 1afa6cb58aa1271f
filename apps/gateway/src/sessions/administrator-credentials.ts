import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';

import {
  AdministratorsMessages,
  type SessionPrincipal,
  SignInMessages,
  TokensMessages,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { correlationIdOf } from './correlation-id';
import { VerifiedTokens } from './verified-tokens';

/** Every API token starts with this (see the tokens service); passwords are told apart by it. */
export const TOKEN_PREFIX = 'cft_';

export type AdministratorPrincipal = Extract<SessionPrincipal, { kind: 'administrator' }>;

/**
 * An administrator proven by email and a secret without a session: the fail-safe password, or
 * an API token (told apart by its prefix). Used by HTTP Basic on the console API and by the
 * PST download page (whose password path also asks for a second factor). Undefined for every
 * wrong secret alike.
 */
@Injectable()
export class AdministratorCredentials {
  private readonly verifiedTokens = new VerifiedTokens<AdministratorPrincipal>();

  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {
    backends.onSent(this.verifiedTokens.sent);
  }

  async verify(
    email: string,
    secret: string,
    request: Request,
  ): Promise<AdministratorPrincipal | undefined> {
    return secret.startsWith(TOKEN_PREFIX)
      ? this.byToken(email, secret)
      : this.byPassword(email, secret, request);
  }

  /**
   * The fail-safe password, with console sign-in's lockout and failure events. A locked address
   * (429) and an administrator who must use SSO (403 sso-required) are errors, not undefined.
   */
  async byPassword(
    email: string,
    password: string,
    request: Request,
  ): Promise<AdministratorPrincipal | undefined> {
    const result = await this.backends.send(SignInMessages.authenticateAdministrator, {
      email,
      password,
      client: { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 500) },
      correlationId: correlationIdOf(request),
    });
    if (!result.ok) return undefined;
    const { administrator } = result;
    return {
      kind: 'administrator',
      sessionId: 'basic',
      orgId: administrator.orgId,
      administrator,
      authenticatedBy: 'password',
    };
  }

  /**
   * The PST download page's fail-safe password, with the second factor (`otp`) when the account
   * has one: `mfa-required` and `invalid-otp` arrive as errors, as at console sign-in.
   */
  async forDownload(
    email: string,
    password: string,
    otp: string | undefined,
    request: Request,
  ): Promise<AdministratorPrincipal | undefined> {
    const result = await this.backends.send(SignInMessages.authenticateForDownload, {
      email,
      password,
      ...(otp !== undefined ? { otp } : {}),
      client: { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 500) },
      correlationId: correlationIdOf(request),
    });
    if (!result.ok) return undefined;
    const { administrator } = result;
    return {
      kind: 'administrator',
      sessionId: 'download',
      orgId: administrator.orgId,
      administrator,
      authenticatedBy: 'password',
    };
  }

  /**
   * Email + API token; the owner is checked with identity too, so disabling them stops the
   * token. A proof is remembered for a second (`VerifiedTokens`), forgotten at once when this
   * gateway revokes a token or disables an administrator or changes their role.
   */
  async byToken(email: string, secret: string): Promise<AdministratorPrincipal | undefined> {
    const remembered = this.verifiedTokens.get(email, secret);
    // A copy: whoever handles the request may add to its principal.
    if (remembered) return { ...remembered, administrator: { ...remembered.administrator } };
    const begun = this.verifiedTokens.begin();
    const principal = await this.proveToken(email, secret);
    if (principal) this.verifiedTokens.remember(email, secret, principal, begun);
    return principal;
  }

  private async proveToken(
    email: string,
    secret: string,
  ): Promise<AdministratorPrincipal | undefined> {
    const token = await this.backends.send(TokensMessages.authenticate, { email, secret });
    if (!token.ok) return undefined;
    const administrator = await this.backends.send(AdministratorsMessages.getActive, {
      administratorId: token.ownerId,
    });
    if (!administrator || administrator.orgId !== token.orgId) return undefined;
    return {
      kind: 'administrator',
      sessionId: `api-token:${token.tokenId}`,
      orgId: administrator.orgId,
      administrator,
      authenticatedBy: 'api-token',
    };
  }
}
