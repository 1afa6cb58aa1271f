import type { BreakGlassAlerts } from '../mfa/break-glass-alerts';
import type { FactorUsed } from '../mfa/second-factor';
import { normalizeEmail } from '../shared/identity-read-model';
import type { AuthEventLog } from './auth-event-log';
import type { SignInAttempt, SignInMethod } from './sign-in.service';
import type { AccountFacts, SsoPolicy } from './sign-in-directory';
import { viaOf } from './sign-in-via';

/** A sign-in as the break-glass rules see it: who, how, with which factor, under which SSO rule. */
export interface BreakGlassSignIn {
  facts: AccountFacts;
  attempt: SignInAttempt;
  method: SignInMethod;
  factor?: FactorUsed;
  /** A cloud administrator signed in without SSO while it is enforced for administrators. */
  failSafeUnderSso?: SsoPolicy['enforcement'];
}

/**
 * Fail-safe sign-ins under SSO (password or passkey) and recovery codes: an event each on
 * `identity.auth`, and (for administrators) the alert email to the other cloud administrators.
 */
export async function recordBreakGlass(
  deps: { authEvents: AuthEventLog; alerts: BreakGlassAlerts },
  { facts, attempt, method, factor, failSafeUnderSso }: BreakGlassSignIn,
): Promise<void> {
  const email = normalizeEmail(attempt.email);
  if (failSafeUnderSso && failSafeUnderSso !== 'off') {
    await deps.authEvents.record(
      {
        type: 'identity.sign-in.fail-safe-used',
        payload: {
          surface: attempt.surface,
          ...viaOf(attempt),
          email,
          accountId: facts.id,
          enforcement: failSafeUnderSso,
          ...(method === 'passkey' ? { method } : {}),
        },
      },
      facts.orgId,
      attempt.client,
      attempt.correlationId,
    );
    await deps.alerts.send(facts.orgId, facts.id, {
      kind: 'fail-safe-sign-in',
      email,
      ...(method === 'passkey' ? { passkey: true } : {}),
    });
  }
  if (factor?.kind === 'recovery-code') {
    const { remaining } = factor;
    await deps.authEvents.record(
      {
        type: 'identity.mfa.recovery-code-used',
        payload: {
          surface: attempt.surface,
          ...viaOf(attempt),
          email,
          accountId: facts.id,
          remaining,
        },
      },
      facts.orgId,
      attempt.client,
      attempt.correlationId,
    );
    // Administrators can export anyone's mailbox: their recovery codes alert the other cloud
    // administrators. An end user's is in the trail only (an organisation has many users).
    if (facts.kind === 'administrator')
      await deps.alerts.send(facts.orgId, facts.id, { kind: 'recovery-code', email, remaining });
  }
}
