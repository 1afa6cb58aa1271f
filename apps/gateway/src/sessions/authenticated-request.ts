import type { Request } from 'express';

import type { AdministratorView, SessionPrincipal } from '@coffer/contracts';

import { correlationIdOf } from './correlation-id';

/** A request whose caller the guards have established. */
export interface AuthenticatedRequest extends Request {
  principal: SessionPrincipal;
}

export function administratorOf(request: AuthenticatedRequest): AdministratorView {
  if (request.principal.kind !== 'administrator')
    throw new Error('guard let a non-administrator through');
  return request.principal.administrator;
}

/** Who acted, for the events a command causes. */
export function actorOf(request: AuthenticatedRequest) {
  const client = { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 500) };
  return request.principal.kind === 'administrator'
    ? {
        // Commands made with an API token are audited as such.
        type:
          request.principal.authenticatedBy === 'api-token'
            ? ('api-token' as const)
            : ('administrator' as const),
        id: request.principal.administrator.id,
        email: request.principal.administrator.email,
        ...client,
      }
    : {
        type: 'user' as const,
        id: request.principal.user.id,
        email: request.principal.user.email,
        ...client,
      };
}

/** The actor and correlation id of a command, from the request that asked for it. */
export function commandContext(request: AuthenticatedRequest) {
  return {
    actor: actorOf(request),
    correlationId: correlationIdOf(request),
  };
}
