import { createHmac } from 'node:crypto';

import type { CookieOptions, Response } from 'express';

import type { SignInSurface } from '@coffer/contracts';

/** A cookie per surface, so a person can be in the portal and the console at once. */
export const SESSION_COOKIE: Record<SignInSurface, string> = {
  portal: 'coffer_portal_session',
  console: 'coffer_console_session',
};

/**
 * Readable by the page's script, which echoes it in `x-csrf-token`. One per surface, because its
 * value is bound to that surface's session (`csrfTokenOf`).
 */
export const CSRF_COOKIE: Record<SignInSurface, string> = {
  console: 'csrf-token',
  portal: 'portal-csrf-token',
};
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The CSRF token of a session: an HMAC keyed by the (secret, httpOnly) session token, so a token
 * planted in a cookie or taken from another session proves nothing for this one.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('coffer csrf token v1').digest('base64url');
}

export class SessionCookies {
  private readonly secure: boolean;

  constructor(publicUrl: string) {
    // Secure cookies only over TLS: a plain-HTTP local run would otherwise never get them back.
    this.secure = new URL(publicUrl).protocol === 'https:';
  }

  set(response: Response, surface: SignInSurface, sessionToken: string, maxAgeMs: number): void {
    const base: CookieOptions = { path: '/', secure: this.secure, maxAge: maxAgeMs };
    response.cookie(SESSION_COOKIE[surface], sessionToken, {
      ...base,
      httpOnly: true,
      sameSite: 'lax',
    });
    response.cookie(CSRF_COOKIE[surface], csrfTokenOf(sessionToken), {
      ...base,
      httpOnly: false,
      sameSite: 'strict',
    });
  }

  clear(response: Response, surface: SignInSurface): void {
    response.clearCookie(SESSION_COOKIE[surface], {
      path: '/',
      secure: this.secure,
      httpOnly: true,
      sameSite: 'lax',
    });
  }
}
