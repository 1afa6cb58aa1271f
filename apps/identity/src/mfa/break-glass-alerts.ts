import type { Mailer } from '@coffer/service-kit';

import type { IdentityReadModel } from '../shared/identity-read-model';

/** What happened, in the words the other cloud administrators read. */
export type BreakGlassUse =
  | { kind: 'fail-safe-sign-in'; email: string; passkey?: boolean }
  | { kind: 'recovery-code'; email: string; remaining: number }
  | { kind: 'mfa-reset'; email: string; by: string };

function mailOf(use: BreakGlassUse): { subject: string; text: string } {
  switch (use.kind) {
    case 'fail-safe-sign-in':
      return {
        subject: `Coffer: ${use.email} signed in with ${use.passkey ? 'a passkey' : 'the fail-safe password'}`,
        text:
          `${use.email} signed in to the Coffer console with ${use.passkey ? 'a passkey' : 'their fail-safe password'} while your ` +
          `organisation requires single sign-on.\n\nIf this was not expected, reset their ` +
          `password and review the audit trail.`,
      };
    case 'recovery-code':
      return {
        subject: `Coffer: ${use.email} used a recovery code`,
        text:
          `${use.email} signed in to the Coffer console with a recovery code instead of their ` +
          `authenticator app (${use.remaining} left).\n\nIf this was not expected, reset their ` +
          `multi-factor authentication and review the audit trail.`,
      };
    case 'mfa-reset':
      return {
        subject: `Coffer: multi-factor authentication of ${use.email} was reset`,
        text:
          `${use.by} reset the multi-factor authentication of ${use.email}; all their sessions ` +
          `were ended.\n\nIf this was not expected, review the audit trail.`,
      };
  }
}

/**
 * Emails every other active cloud administrator of the organisation when someone used a
 * break-glass path. Sent after the event was stored (the trail has it either way); a mail that
 * cannot be sent is reported, not allowed to undo the sign-in.
 */
export class BreakGlassAlerts {
  constructor(
    private readonly readModel: IdentityReadModel,
    private readonly mailer: Mailer,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  async send(orgId: string, exceptAccountId: string, use: BreakGlassUse): Promise<void> {
    try {
      const recipients = (await this.readModel.administratorsOf(orgId)).filter(
        (administrator) =>
          administrator.id !== exceptAccountId &&
          administrator.status === 'active' &&
          administrator.role === 'cloud-administrator',
      );
      const mail = mailOf(use);
      await Promise.all(recipients.map(({ email }) => this.mailer.send({ to: email, ...mail })));
    } catch (error) {
      this.onFailure(error);
    }
  }
}
