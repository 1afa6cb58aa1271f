import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'coffer:public-route';

/**
 * Marks a route anyone may call, with the reason: signing in, the SAML round trip, the download
 * page (which asks who you are itself), health. Lint (`tools/eslint/guarded-endpoint-rule.cjs`)
 * fails any other route without an authentication guard.
 */
export function Public(reason: string): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_ROUTE, reason);
}
