import { timingSafeEqual } from 'node:crypto';

import { HttpException, HttpStatus } from '@nestjs/common';
import type { Request } from 'express';

import type { SignInSurface } from '@coffer/contracts';

import { CSRF_HEADER, csrfTokenOf, SESSION_COOKIE } from './session-cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request made with a session cookie must carry, in a header, the CSRF token
 * of that very session: the page reads it from its readable cookie, another site's page cannot,
 * and a token set by anyone else (a planted cookie) belongs to no session of this browser.
 */
export function assertCsrfProof(request: Request, surface: SignInSurface): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (!isCsrfTokenOf(request, surface, request.get(CSRF_HEADER))) {
    throw new HttpException(
      {
        code: 'csrf-failed',
        message: 'This request lacks its CSRF token; reload the page and try again.',
      },
      HttpStatus.FORBIDDEN,
    );
  }
}

/**
 * Sign-in has no session yet: it is protected by refusing other sites' requests instead. Browsers
 * say where a request comes from in `Sec-Fetch-Site` and `Origin`; a form posted from a page with
 * `Referrer-Policy: no-referrer` (ours) carries `Origin: null`, so `null` passes only when the
 * browser also says `same-origin`. Scripts send neither and pass.
 */
export function assertSameOrigin(request: Request, publicUrl: string): void {
  const origin = request.get('origin');
  const fetchSite = request.get('sec-fetch-site');
  const foreign =
    (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') ||
    (origin === 'null' && fetchSite !== 'same-origin') ||
    (origin !== undefined && origin !== 'null' && origin !== new URL(publicUrl).origin);
  if (foreign) {
    throw new HttpException(
      { code: 'origin-refused', message: 'Sign-in is only accepted from this site.' },
      HttpStatus.FORBIDDEN,
    );
  }
}

/** Whether `token` is the CSRF token of this request's `surface` session. */
export function isCsrfTokenOf(
  request: Request,
  surface: SignInSurface,
  token: string | undefined,
): boolean {
  const session = (request.cookies as Record<string, string | undefined>)[SESSION_COOKIE[surface]];
  return !!session && !!token && sameSecret(token, csrfTokenOf(session));
}

/** Compares two secrets in constant time, so the comparison leaks nothing about either. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
