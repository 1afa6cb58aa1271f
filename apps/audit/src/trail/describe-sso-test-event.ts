import type { AuditActivityType, SsoTestEvent } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';

export interface SsoTestDescription {
  activityType: AuditActivityType;
  action: string;
  target?: AuditEntryDocument['target'];
  text: (actor: string) => string;
  details: Record<string, unknown>;
}

const FAILURES: Record<string, string> = {
  signature: 'the signature was not valid',
  audience: 'the assertion was meant for another service provider',
  clock: "the assertion's time window did not hold (clocks apart?)",
  destination: 'the response was sent to another address',
  request: 'the response did not answer this test',
  'unknown-user': 'nobody in the organisation has that email address',
  'invalid-response': 'the response could not be read',
};

/** Settings → SSO → Test sign-in: what the IdP said and the account it maps to, no session. */
export function describeSsoTest(event: SsoTestEvent): SsoTestDescription {
  const { payload } = event;
  const account = payload.account;
  return {
    activityType: 'sso-test',
    action: payload.outcome === 'succeeded' ? 'sso-test-succeeded' : 'sso-test-failed',
    ...(account ? { target: { type: account.kind, id: account.id, label: account.email } } : {}),
    text: (actor) =>
      payload.outcome === 'succeeded'
        ? `${actor} has tested single sign-on: the identity provider signed in ${account?.email ?? payload.nameId ?? 'someone'}`
        : `${actor} has tested single sign-on and it failed: ${FAILURES[payload.failure ?? ''] ?? payload.failure}`,
    details: {
      outcome: payload.outcome,
      ...(payload.failure ? { failure: payload.failure } : {}),
      ...(payload.detail ? { detail: payload.detail } : {}),
      ...(payload.nameId ? { nameId: payload.nameId } : {}),
    },
  };
}
