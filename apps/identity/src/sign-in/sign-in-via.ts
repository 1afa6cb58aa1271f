import type { SignInVia } from '@coffer/contracts';

/** An attempt's `via`, for its events' payloads; nothing at a surface's own sign-in. */
export function viaOf(attempt: { via?: SignInVia }): { via?: SignInVia } {
  return attempt.via ? { via: attempt.via } : {};
}
