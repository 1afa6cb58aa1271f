import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import type { Request } from 'express';

import { sameSecret } from '../sessions/csrf';

/** Holds the id of the AuthnRequest this browser started, for the IdP's answer to be matched. */
export const SSO_REQUEST_COOKIE = 'coffer_sso_request';

/**
 * node-saml's request memory, bound to the browser that started the sign-in: the request id is
 * also set in a short-lived httpOnly cookie, and an answer is accepted only from the browser that
 * holds it. Without this a SAML response obtained in one browser signed in another (login CSRF).
 *
 * The IdP posts its answer from its own site, so over https the cookie is `SameSite=None; Secure`.
 * Over plain HTTP (local development) browsers refuse `None` without `Secure`, so it is `Lax`,
 * which a browser sends on that POST only when the IdP is on the same site (as the local test IdP
 * is); the check stays on either way.
 */
export class BrowserBoundRequestCache implements CacheProvider {
  constructor(
    private readonly requests: CacheProvider,
    private readonly request: Request,
    private readonly lifetimeMs: number,
    private readonly secure: boolean,
  ) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const saved = await this.requests.saveAsync(key, value);
    this.request.res?.cookie(SSO_REQUEST_COOKIE, key, {
      path: '/sso',
      httpOnly: true,
      secure: this.secure,
      sameSite: this.secure ? 'none' : 'lax',
      maxAge: this.lifetimeMs,
    });
    return saved;
  }

  async getAsync(key: string): Promise<string | null> {
    const started = (this.request.cookies as Record<string, string | undefined>)[
      SSO_REQUEST_COOKIE
    ];
    if (!started || !sameSecret(started, key)) return null;
    return this.requests.getAsync(key);
  }

  async removeAsync(key: string | null): Promise<string | null> {
    this.request.res?.clearCookie(SSO_REQUEST_COOKIE, { path: '/sso' });
    return this.requests.removeAsync(key);
  }
}
