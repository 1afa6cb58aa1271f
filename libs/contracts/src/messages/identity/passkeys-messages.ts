import { z } from 'zod';

import {
  clientSchema,
  commandContextSchema,
  correlationIdSchema,
  orgIdSchema,
} from '../common-schemas';
import { defineMessage } from '../message-definition';
import type { SignInResponse } from './sign-in-messages';

/** WebAuthn's binary fields travel as base64url text; bounded so an absurd body stops here. */
const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, 'Not base64url.');

const clientExtensionResults = z.record(z.string(), z.unknown()).default({});

/**
 * What `navigator.credentials.get()` gave, as `@simplewebauthn/browser`'s `startAuthentication`
 * serialises it (W3C `AuthenticationResponseJSON`).
 */
export const authenticationResponseSchema = z.object({
  id: base64url(1_400),
  rawId: base64url(1_400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(4_000),
    authenticatorData: base64url(4_000),
    signature: base64url(2_000),
    userHandle: base64url(400).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults,
});

/** What `navigator.credentials.create()` gave (W3C `RegistrationResponseJSON`). */
export const registrationResponseSchema = z.object({
  id: base64url(1_400),
  rawId: base64url(1_400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(4_000),
    attestationObject: base64url(40_000),
    authenticatorData: base64url(4_000).optional(),
    transports: z.array(z.string().max(20)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(4_000).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults,
});

/**
 * A passkey's answer to one of our challenges: the challenge's id (from
 * `POST /api/console/passkeys/challenge`) and the assertion. A malformed, replayed or wrong one
 * is refused like a wrong code.
 */
export const passkeyAssertionSchema = z
  .object({ challengeId: z.string().min(1).max(100), credential: authenticationResponseSchema })
  .strict();

/** Options for `navigator.credentials.get()` (W3C `PublicKeyCredentialRequestOptionsJSON`). */
export interface PasskeyRequestOptions {
  challenge: string;
  rpId?: string;
  timeout?: number;
  userVerification?: 'required' | 'preferred' | 'discouraged';
  allowCredentials?: { id: string; type: 'public-key'; transports?: string[] }[];
}

/** Options for `navigator.credentials.create()` (W3C `PublicKeyCredentialCreationOptionsJSON`). */
export interface PasskeyCreationOptions {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  pubKeyCredParams: { alg: number; type: 'public-key' }[];
  timeout?: number;
  excludeCredentials?: { id: string; type: 'public-key'; transports?: string[] }[];
  authenticatorSelection?: Record<string, unknown>;
  attestation?: string;
}

/** A challenge, single-use and short-lived, and the options the browser passes on. */
export interface PasskeyChallenge<Options> {
  challengeId: string;
  options: Options;
}

/** One of an administrator's passkeys, as the console lists it: never the key itself. */
export interface PasskeyView {
  /** A short id derived from the credential id: what the console removes it by. */
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export const registerPasskeyBody = z
  .object({
    challengeId: z.string().min(1).max(100),
    credential: registrationResponseSchema,
    name: z.string().trim().min(1, 'Name the passkey.').max(80),
  })
  .strict();

export const passkeySignInBody = passkeyAssertionSchema;

const ownAccountSchema = z.object({
  context: commandContextSchema,
  orgId: orgIdSchema,
  /** The caller's session: registering a factor renews its last proof, as TOTP does. */
  sessionToken: z.string().min(1).max(200).optional(),
  client: clientSchema,
  correlationId: correlationIdSchema,
});

/** Administrators' passkeys (WebAuthn): registration, the list, removal, passwordless sign-in. */
export const PasskeysMessages = {
  /** A challenge for signing in or a second factor; discoverable, so it names no account. */
  challenge: defineMessage<PasskeyChallenge<PasskeyRequestOptions>>()({
    service: 'identity',
    pattern: 'identity.passkeys.challenge',
    request: z.object({}),
    errors: [],
  }),
  /** Passwordless console sign-in with a discoverable passkey (user verification required). */
  signIn: defineMessage<SignInResponse>()({
    service: 'identity',
    pattern: 'identity.passkeys.sign-in',
    request: passkeySignInBody.extend({ client: clientSchema, correlationId: correlationIdSchema }),
    body: passkeySignInBody,
    errors: [
      'invalid-request',
      'invalid-otp',
      'user-disabled',
      'sso-required',
      'locked-out',
      'invalid-credentials',
    ],
  }),
  registrationOptions: defineMessage<PasskeyChallenge<PasskeyCreationOptions>>()({
    service: 'identity',
    pattern: 'identity.passkeys.registration-options',
    request: ownAccountSchema,
    errors: ['invalid-request', 'administrator-not-found', 'passkey-limit-reached'],
  }),
  register: defineMessage<PasskeyView>()({
    service: 'identity',
    pattern: 'identity.passkeys.register',
    request: registerPasskeyBody.extend(ownAccountSchema.shape),
    body: registerPasskeyBody,
    errors: [
      'invalid-request',
      'administrator-not-found',
      'passkey-registration-failed',
      'passkey-exists',
      'passkey-limit-reached',
    ],
  }),
  list: defineMessage<{ passkeys: PasskeyView[] }>()({
    service: 'identity',
    pattern: 'identity.passkeys.list',
    request: z.object({ orgId: orgIdSchema, administratorId: z.string().min(1).max(100) }),
    errors: ['administrator-not-found'],
  }),
  remove: defineMessage<{ removed: true }>()({
    service: 'identity',
    pattern: 'identity.passkeys.remove',
    request: z.object({
      context: commandContextSchema,
      orgId: orgIdSchema,
      passkeyId: z.string().min(1).max(100),
    }),
    errors: ['invalid-request', 'administrator-not-found', 'passkey-not-found'],
  }),
};

export type PasskeyAssertion = z.output<typeof passkeyAssertionSchema>;
export type PasskeySignInRequest = z.output<typeof PasskeysMessages.signIn.request>;
export type PasskeyRegistrationOptionsRequest = z.output<
  typeof PasskeysMessages.registrationOptions.request
>;
export type RegisterPasskeyRequest = z.output<typeof PasskeysMessages.register.request>;
export type RemovePasskeyRequest = z.output<typeof PasskeysMessages.remove.request>;
