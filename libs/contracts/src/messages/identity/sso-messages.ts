import { z } from 'zod';

import type {
  OrganizationSsoConfiguredPayload,
  SsoEnforcement,
} from '../../events/identity-events';
import {
  clientSchema,
  commandContextSchema,
  correlationIdSchema,
  emailSchema,
  orgIdSchema,
} from '../common-schemas';
import { defineMessage } from '../message-definition';
import { type SignInResponse, signInSurfaceSchema } from './sign-in-messages';

/** An organisation's SAML settings as identity keeps them. */
export interface SsoSettingsView extends OrganizationSsoConfiguredPayload {
  orgId: string;
  enforcement: SsoEnforcement;
}

export const ssoEnforcementSchema = z.enum(['off', 'users', 'users-and-administrators'], {
  errorMap: () => ({
    message: 'enforcement must be one of: off, users, users-and-administrators.',
  }),
});

const httpUrl = (message: string) =>
  z
    .string()
    .url(message)
    .regex(/^https?:\/\//i, message);

/**
 * Settings → SSO. The IdP either as its metadata XML (as exported by the IdP) or as its three
 * parts; a second certificate is accepted for a rollover. The gateway reads the metadata and
 * sends identity the three parts.
 */
export const ssoSettingsBody = z
  .object({
    metadataXml: z
      .string()
      .max(200_000)
      .optional()
      .describe("The IdP's SAML metadata XML; replaces the three fields below"),
    idpEntityId: z.string().min(1).max(1_000).optional(),
    idpSsoUrl: httpUrl('The IdP sign-on URL must be a full http(s) address.').max(2_000).optional(),
    idpCertificates: z
      .array(z.string().max(20_000))
      .min(1)
      .max(2, 'Give one signing certificate, or two during a rollover.')
      .optional()
      .describe('Base64 (PEM body) signing certificates: one, or two during a rollover'),
    emailAttribute: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('Attribute holding the email; the NameID when absent'),
    nameAttribute: z.string().min(1).max(500).optional(),
    enforcement: ssoEnforcementSchema,
    justInTimeProvisioning: z
      .boolean()
      .optional()
      .describe('Create unknown end users at their first SSO sign-in (false when absent)'),
  })
  .strict();

const samlRequestKeySchema = z.object({ key: z.string().min(1).max(200) });

/** SAML single sign-on: each organisation's IdP, and the identity half of a SAML sign-in. */
export const SsoMessages = {
  /** Null when SSO was never set up. */
  getSettings: defineMessage<SsoSettingsView | null>()({
    service: 'identity',
    pattern: 'identity.sso.get-settings',
    request: z.object({ orgId: orgIdSchema }),
    errors: [],
  }),
  configure: defineMessage<SsoSettingsView>()({
    service: 'identity',
    pattern: 'identity.sso.configure',
    request: z.object({
      context: commandContextSchema,
      orgId: orgIdSchema,
      idpEntityId: z.string().trim().min(1).max(1_000),
      idpSsoUrl: z.string().url().max(2_000),
      idpCertificates: z.array(z.string().min(1).max(20_000)).min(1).max(2),
      emailAttribute: z.string().trim().min(1).max(500).nullable(),
      nameAttribute: z.string().trim().min(1).max(500).nullable(),
      justInTimeProvisioning: z.boolean(),
      enforcement: ssoEnforcementSchema,
    }),
    body: ssoSettingsBody,
    errors: ['invalid-request', 'forbidden', 'organization-not-found', 'concurrent-change'],
  }),
  /** The organisation whose SSO an email signs in with on a surface, or null. */
  findOrganization: defineMessage<{ orgId: string } | null>()({
    service: 'identity',
    pattern: 'identity.sso.find-organization',
    request: z.object({ email: z.string().max(1_000), surface: signInSurfaceSchema }),
    errors: [],
  }),
  /** Sent by the gateway after it validated a SAML response: who the IdP says signed in. */
  signIn: defineMessage<SignInResponse>()({
    service: 'identity',
    pattern: 'identity.sso.sign-in',
    request: z.object({
      orgId: orgIdSchema,
      surface: signInSurfaceSchema,
      email: emailSchema,
      name: z.string().max(500).optional(),
      /** The assertion's ID, accepted once. */
      assertionId: z.string().min(1).max(500),
      /** Until when the assertion could be replayed: its id is remembered that long. */
      assertionExpiresAt: z.string().datetime(),
      client: clientSchema,
      correlationId: correlationIdSchema,
    }),
    errors: [
      'invalid-request',
      'saml-invalid',
      'invalid-credentials',
      'user-disabled',
      'user-preserved',
      'web-access-disabled',
    ],
  }),
  recordFailure: defineMessage<{ recorded: true }>()({
    service: 'identity',
    pattern: 'identity.sso.record-failure',
    request: z.object({
      orgId: orgIdSchema,
      surface: signInSurfaceSchema,
      email: z.string().max(1_000).optional(),
      detail: z.string().max(500),
      client: clientSchema,
      correlationId: correlationIdSchema,
    }),
    errors: ['invalid-request'],
  }),
  /** node-saml's memory of the AuthnRequests the gateway sent, kept for every replica. */
  saveRequest: defineMessage<{ saved: true }>()({
    service: 'identity',
    pattern: 'identity.sso.requests.save',
    request: samlRequestKeySchema.extend({ value: z.string().max(100) }),
    errors: ['invalid-request'],
  }),
  getRequest: defineMessage<{ value: string | null }>()({
    service: 'identity',
    pattern: 'identity.sso.requests.get',
    request: samlRequestKeySchema,
    errors: [],
  }),
  removeRequest: defineMessage<{ value: string | null }>()({
    service: 'identity',
    pattern: 'identity.sso.requests.remove',
    request: samlRequestKeySchema,
    errors: [],
  }),
};

export type ConfigureSsoRequest = z.output<typeof SsoMessages.configure.request>;
export type SsoSignInRequest = z.output<typeof SsoMessages.signIn.request>;
export type SamlFailureRequest = z.output<typeof SsoMessages.recordFailure.request>;
