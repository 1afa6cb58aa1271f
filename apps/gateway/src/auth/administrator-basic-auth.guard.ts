import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';

import {
  IdentityPatterns,
  type AdministratorView,
  type AuthenticateAdministratorResponse,
} from '@coffer/contracts';

import { callBackend } from '../backend/backend-call';
import { BackendClients } from '../backend/backend-clients';
import { invalidCredentials } from './invalid-credentials';

export interface AuthenticatedRequest extends Request {
  administrator: AdministratorView;
}

/** Longest Authorization header we decode; anything longer cannot be a real credential. */
const MAX_CREDENTIAL_LENGTH = 2_048;

/**
 * HTTP Basic with an administrator's email and password, for scripts and the first console
 * API. Every failure is the same 401, whether the email is unknown or the password wrong.
 */
@Injectable()
export class AdministratorBasicAuthGuard implements CanActivate {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credentials = parseBasic(request.headers.authorization);
    if (!credentials) throw this.challenge(context);
    const result = await callBackend<AuthenticateAdministratorResponse>(
      this.backends,
      'identity',
      IdentityPatterns.authenticateAdministrator,
      credentials,
    );
    if (!result.ok) throw this.challenge(context);
    request.administrator = result.administrator;
    return true;
  }

  private challenge(context: ExecutionContext) {
    context
      .switchToHttp()
      .getResponse<Response>()
      .setHeader('WWW-Authenticate', 'Basic realm="Coffer", charset="UTF-8"');
    return invalidCredentials();
  }
}

function parseBasic(header: string | undefined): { email: string; password: string } | undefined {
  if (!header || header.length > MAX_CREDENTIAL_LENGTH) return undefined;
  const [scheme, encoded] = header.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return undefined;
  return { email: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}
