import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';

import type {
  PasskeyAssertion,
  PasskeyChallenge,
  PasskeyCreationOptions,
  PasskeyRequestOptions,
  PasskeyView,
} from '@coffer/contracts';

import { api } from '../api';

/** This browser can use passkeys at all (WebAuthn is there). */
export function passkeysSupported(): boolean {
  return browserSupportsWebAuthn();
}

/**
 * Asks the browser for a passkey's answer to a new challenge of ours: what passwordless
 * sign-in, the second factor and step-up send. The browser lets the person pick the passkey.
 */
export async function passkeyAssertion(): Promise<PasskeyAssertion> {
  const { challengeId, options } = await api<PasskeyChallenge<PasskeyRequestOptions>>(
    'POST',
    '/api/console/passkeys/challenge',
  );
  const credential = await withReadableError(() =>
    startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON }),
  );
  return { challengeId, credential } as PasskeyAssertion;
}

/** Creates a passkey on this device for the signed-in administrator, and registers it. */
export async function registerPasskey(name: string): Promise<PasskeyView> {
  const { challengeId, options } = await api<PasskeyChallenge<PasskeyCreationOptions>>(
    'POST',
    '/api/console/mfa/passkeys/registration-options',
  );
  const credential = await withReadableError(() =>
    startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON }),
  );
  return api<PasskeyView>('POST', '/api/console/mfa/passkeys', { challengeId, credential, name });
}

/** The browser's refusals (cancelled, timed out, no passkey here) in words a person reads. */
async function withReadableError<Result>(ceremony: () => Promise<Result>): Promise<Result> {
  try {
    return await ceremony();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'NotAllowedError' || name === 'AbortError')
      throw new Error('No passkey was used: the request was cancelled or timed out.');
    if (name === 'InvalidStateError')
      throw new Error('This device already has a passkey for your account.');
    throw new Error('The browser could not use a passkey here.');
  }
}
