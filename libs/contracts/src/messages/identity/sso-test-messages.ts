import { z } from 'zod';

import {
  clientSchema,
  commandContextSchema,
  correlationIdSchema,
  orgIdSchema,
} from '../common-schemas';
import { defineMessage } from '../message-definition';

/**
 * Settings → SSO → "Test sign-in": a round trip to the IdP that signs nobody in. Its
 * AuthnRequest id starts with this prefix, so the assertion consumer tells a test's answer from
 * a sign-in's before it looks at anything else and never opens a session for it.
 */
export const SSO_TEST_REQUEST_PREFIX = '_ssotest-';

/** What went wrong in a test, in the words the console shows. */
export const ssoTestFailureSchema = z.enum([
  'signature',
  'audience',
  'clock',
  'destination',
  'request',
  'unknown-user',
  'invalid-response',
]);
export type SsoTestFailure = z.output<typeof ssoTestFailureSchema>;

export interface SsoTestView {
  id: string;
  orgId: string;
  /** `pending`: created, the browser not yet sent to the IdP; `started`: waiting for its answer. */
  status: 'pending' | 'started' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt?: string;
  startedBy: { id: string; email: string };
  failure?: { reason: SsoTestFailure; detail: string };
  /** What the IdP asserted (for a response whose signature held). */
  received?: { nameId: string | null; email: string | null; attributes: Record<string, string[]> };
  /** The account a real sign-in with this assertion would map to. */
  account?: { kind: 'administrator' | 'user'; id: string; email: string; status: string };
}

const testOf = z.object({ orgId: orgIdSchema, testId: z.string().uuid() });

const attributesSchema = z
  .record(z.string().max(500), z.array(z.string().max(2_000)).max(50))
  .refine((value) => Object.keys(value).length <= 100, 'at most 100 attributes');

/** The gateway's verdict on the IdP's answer to a test, before identity maps the account. */
export const ssoTestOutcomeSchema = z.discriminatedUnion('accepted', [
  z.object({
    accepted: z.literal(true),
    email: z.string().max(1_000),
    nameId: z.string().max(1_000).nullable(),
    attributes: attributesSchema,
  }),
  z.object({
    accepted: z.literal(false),
    reason: ssoTestFailureSchema,
    detail: z.string().max(500),
    nameId: z.string().max(1_000).nullable().optional(),
  }),
]);

export const SsoTestMessages = {
  /** A cloud administrator asks for a test; it waits for the browser to go to the IdP. */
  start: defineMessage<SsoTestView>()({
    service: 'identity',
    pattern: 'identity.sso.tests.start',
    request: z.object({ context: commandContextSchema, orgId: orgIdSchema }),
    errors: ['forbidden', 'sso-not-configured'],
  }),
  /** The browser leaves for the IdP: a test is sent once, so its AuthnRequest id is used once. */
  begin: defineMessage<SsoTestView>()({
    service: 'identity',
    pattern: 'identity.sso.tests.begin',
    request: testOf,
    errors: ['sso-test-not-found', 'sso-test-already-started'],
  }),
  /** The IdP answered: identity maps the account, keeps the result and audits it. */
  finish: defineMessage<SsoTestView>()({
    service: 'identity',
    pattern: 'identity.sso.tests.finish',
    request: testOf.extend({
      outcome: ssoTestOutcomeSchema,
      client: clientSchema,
      correlationId: correlationIdSchema,
    }),
    errors: ['sso-test-not-found', 'sso-test-already-finished'],
  }),
  get: defineMessage<SsoTestView>()({
    service: 'identity',
    pattern: 'identity.sso.tests.get',
    request: testOf,
    errors: ['sso-test-not-found'],
  }),
};

export type SsoTestOutcome = z.output<typeof ssoTestOutcomeSchema>;
export type FinishSsoTestRequest = z.output<typeof SsoTestMessages.finish.request>;
