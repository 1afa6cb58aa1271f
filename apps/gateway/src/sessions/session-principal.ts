import type { Request } from 'express';

import { type SessionPrincipal, SignInMessages, type SignInSurface } from '@coffer/contracts';

import type { BackendClients } from '../backend/backend-clients';
import { SESSION_COOKIE } from './session-cookies';

/** Longest session cookie we look up; anything longer cannot be one of ours. */
const MAX_SESSION_TOKEN_LENGTH = 200;

/** Who this browser's session cookie for `surface` belongs to, or null when it has no live one. */
export async function sessionPrincipalOf(
  backends: BackendClients,
  request: Request,
  surface: SignInSurface,
): Promise<SessionPrincipal | null> {
  const token = (request.cookies as Record<string, string | undefined>)[SESSION_COOKIE[surface]];
  if (!token || token.length > MAX_SESSION_TOKEN_LENGTH) return null;
  return backends.send(SignInMessages.resolveSession, { sessionToken: token, surface });
}
