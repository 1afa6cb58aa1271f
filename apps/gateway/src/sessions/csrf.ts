import { timingSafeEqual } from 'node:crypto';

import { HttpException, HttpStatus } from '@nestjs/common';
import type { Request } from 'express';

import { CSRF_COOKIE, CSRF_HEADER } from './session-cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Double submit: a state-changing request made with a session cookie must echo the readable
 * `csrf-token` cookie in a header, which another site's page cannot read.
 */
export function assertCsrfProof(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const cookie = (request.cookies as Record<string, string | undefined>)[CSRF_COOKIE];
  const header = request.get(CSRF_HEADER);
  if (!cookie || !header || !sameSecret(cookie, header)) {
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

/** Compares two secrets in constant time, so the comparison leaks nothing about either. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
