import { authenticator } from 'otplib';

/** RFC 6238 as authenticator apps expect it: SHA-1, six digits, 30-second steps. */
const STEP_SECONDS = 30;
const ISSUER = 'Coffer';

/** One step either side, for clocks a little off and codes typed as they roll over. */
const WINDOW_STEPS = 1;

// otplib's authenticator defaults to SHA-1 (its enum is not exported by the preset).
const totp = authenticator.clone({
  digits: 6,
  step: STEP_SECONDS,
  window: WINDOW_STEPS,
});

/** A new random secret (160 bits, base32), as RFC 4226 recommends for HMAC-SHA-1. */
export function newTotpSecret(): string {
  return totp.generateSecret(20);
}

/** The `otpauth://totp/…` URI an authenticator app scans. */
export function otpauthUri(email: string, secret: string): string {
  return totp.keyuri(email, ISSUER, secret);
}

/**
 * The time step a code belongs to, when it is right for `now` (within one step either way);
 * undefined otherwise. The step is what a replay check remembers.
 */
export function matchingStep(code: string, secret: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const at = totp.clone({ epoch: now.getTime() });
  const delta = at.checkDelta(code, secret);
  if (delta === null) return undefined;
  return Math.floor(now.getTime() / (STEP_SECONDS * 1000)) + delta;
}
