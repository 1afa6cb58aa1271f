import { HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';

import {
  type BodyOf,
  type SessionPrincipal,
  SignInMessages,
  type SignInResponse,
  type SignInSurface,
  USER_MFA_ENROLMENT_REQUIRED,
} from '@coffer/contracts';

import type { BackendClients } from '../backend/backend-clients';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { correlationIdOf } from '../sessions/correlation-id';
import { SESSION_COOKIE, type SessionCookies } from '../sessions/session-cookies';

/** What the browser learns of its own session: never the token, which stays in the cookie. */
export function principalView(principal: SessionPrincipal) {
  return principal.kind === 'user'
    ? {
        kind: principal.kind,
        user: principal.user,
        capabilities: principal.capabilities,
        ...(principal.mfa ? { mfa: principal.mfa } : {}),
        ...(principal.breakGlass ? { breakGlass: true } : {}),
      }
    : {
        kind: principal.kind,
        administrator: principal.administrator,
        ...(principal.mfa ? { mfa: principal.mfa } : {}),
        ...(principal.breakGlass ? { breakGlass: true } : {}),
      };
}

/** `sso-required` says where to go instead: the SSO start for this email and surface. */
function withSsoLink(error: unknown, surface: SignInSurface, email: string): unknown {
  if (!(error instanceof HttpException)) return error;
  const body = error.getResponse() as { code?: string; message?: string };
  if (body.code !== 'sso-required') return error;
  const query = new URLSearchParams({ email, surface });
  return new HttpException({ ...body, ssoUrl: `/sso/login?${query}` }, error.getStatus());
}

/**
 * An end user past the organisation's grace period without a factor: not signed in as far as
 * any other client can tell (`401 mfa-required`, as for a missing code), but the session just
 * set reaches enrolment, so the portal can take them there. Administrators keep the console's
 * older answer (a session whose other routes are `403 mfa-enrolment-required`).
 */
function enrolmentRequired(enrolBy: string | null): HttpException {
  return new HttpException(
    {
      code: 'mfa-required',
      message: USER_MFA_ENROLMENT_REQUIRED,
      enrolmentRequired: true,
      enrolBy,
    },
    HttpStatus.UNAUTHORIZED,
  );
}

/** Sign-in and sign-out, the same for the portal and the console. */
export class SignInHandler {
  constructor(
    private readonly backends: BackendClients,
    private readonly cookies: SessionCookies,
    readonly publicUrl: string,
    private readonly sessionMaxMs: number,
    private readonly metrics: GatewayMetrics,
  ) {}

  async signIn(
    surface: SignInSurface,
    body: BodyOf<typeof SignInMessages.signIn>,
    request: Request,
    response: Response,
  ) {
    // A fresh session on every sign-in: a session id planted before sign-in is never reused.
    const result = await this.backends
      .send(SignInMessages.signIn, {
        surface,
        email: body.email,
        password: body.password,
        ...(body.otp !== undefined ? { otp: body.otp } : {}),
        ...(body.passkey ? { passkey: body.passkey } : {}),
        client: { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 500) },
        correlationId: correlationIdOf(request),
      })
      .catch((error: unknown) => {
        this.countRefusal(surface, error);
        throw withSsoLink(error, surface, body.email);
      });
    this.startSession(response, surface, result);
    if (result.principal.kind === 'user' && result.principal.mfa?.enrolmentOverdue)
      throw enrolmentRequired(result.principal.mfa.enrolBy);
    response.status(HttpStatus.OK);
    return principalView(result.principal);
  }

  /** Counts a refused sign-in by the code it was answered with. */
  countRefusal(surface: SignInSurface, error: unknown): void {
    if (!(error instanceof HttpException)) return;
    const { code } = error.getResponse() as { code?: string };
    if (code && error.getStatus() < 500) this.metrics.signInRefused(surface, code);
  }

  /** Hands the browser the session identity started, whichever way the person signed in. */
  startSession(response: Response, surface: SignInSurface, result: SignInResponse): void {
    this.cookies.set(response, surface, result.sessionToken, this.sessionMaxMs);
  }

  async signOut(surface: SignInSurface, request: Request, response: Response) {
    const token = (request.cookies as Record<string, string | undefined>)[SESSION_COOKIE[surface]];
    if (token) {
      await this.backends.send(SignInMessages.endSession, { sessionToken: token, surface });
    }
    this.cookies.clear(response, surface);
    response.status(HttpStatus.NO_CONTENT);
  }
}
