import type { SsoTestFailure } from '../messages/identity/sso-test-messages';

/**
 * Events of the `identity.auth` topic about Settings → SSO → "Test sign-in", each its own
 * one-event stream (aggregate type `sso-test`); the actor is the administrator who ran it.
 * Never an attribute value beyond the NameID: the result itself stays in identity.
 */
export interface SsoTestEventPayloads {
  'identity.sso.tested': {
    testId: string;
    outcome: 'succeeded' | 'failed';
    failure?: SsoTestFailure;
    detail?: string;
    nameId?: string;
    /** The account a real sign-in would map to. */
    account?: { kind: 'administrator' | 'user'; id: string; email: string };
  };
}
