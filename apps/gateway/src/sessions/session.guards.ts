import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';

import { ERRORS, type SessionPrincipal, type SignInSurface } from '@coffer/contracts';

import { invalidCredentials } from '../auth/invalid-credentials';
import { BackendClients } from '../backend/backend-clients';
import { AdministratorCredentials } from './administrator-credentials';
import type { AuthenticatedRequest } from './authenticated-request';
import { assertCsrfProof } from './csrf';
import { sessionPrincipalOf } from './session-principal';
import { OPEN_WHILE_ENROLMENT_OVERDUE } from './step-up';

/** Longest Authorization header we decode; anything longer cannot be a real credential. */
const MAX_CREDENTIAL_LENGTH = 2_048;

function notSignedIn() {
  return new HttpException(
    { code: 'not-signed-in', message: 'Sign in first.' },
    HttpStatus.UNAUTHORIZED,
  );
}

abstract class SessionGuard implements CanActivate {
  protected abstract readonly surface: SignInSurface;

  constructor(
    @Inject(BackendClients) protected readonly backends: BackendClients,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  /**
   * An account whose organisation requires MFA of its kind and whose grace period is over
   * reaches only the routes that let it enrol.
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(
      request,
      context.switchToHttp().getResponse<Response>(),
    );
    if (!principal) throw notSignedIn();
    request.principal = principal;
    if (!principal.mfa?.enrolmentOverdue) return true;
    const open = this.reflector.getAllAndOverride<boolean>(OPEN_WHILE_ENROLMENT_OVERDUE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (open) return true;
    throw new HttpException(
      { code: 'mfa-enrolment-required', message: ERRORS['mfa-enrolment-required'].message },
      HttpStatus.FORBIDDEN,
    );
  }

  protected async authenticate(
    request: AuthenticatedRequest,
    _response: Response,
  ): Promise<SessionPrincipal | null> {
    const principal = await sessionPrincipalOf(this.backends, request, this.surface);
    if (principal) assertCsrfProof(request, this.surface);
    return principal;
  }
}

/** An end user's web portal session. */
@Injectable()
export class PortalSessionGuard extends SessionGuard {
  protected readonly surface = 'portal' as const;
}

/**
 * An administrator: a console session (with CSRF proof on changes), or HTTP Basic with the
 * administrator's email and password for scripts (no cookie, so no CSRF to prove).
 */
@Injectable()
export class ConsoleAuthGuard extends SessionGuard {
  protected readonly surface = 'console' as const;

  constructor(
    @Inject(BackendClients) backends: BackendClients,
    @Inject(AdministratorCredentials) private readonly credentials: AdministratorCredentials,
    @Inject(Reflector) reflector: Reflector,
  ) {
    super(backends, reflector);
  }

  protected override async authenticate(request: AuthenticatedRequest, response: Response) {
    const header = request.headers.authorization;
    if (!header) return super.authenticate(request, response);
    const credentials = parseBasic(header);
    const principal = credentials
      ? await this.credentials.verify(credentials.email, credentials.password, request)
      : undefined;
    if (!principal) {
      response.setHeader('WWW-Authenticate', 'Basic realm="Coffer", charset="UTF-8"');
      throw invalidCredentials();
    }
    return principal;
  }
}

function parseBasic(header: string): { email: string; password: string } | undefined {
  if (header.length > MAX_CREDENTIAL_LENGTH) return undefined;
  const [scheme, encoded] = header.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return undefined;
  return { email: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}
