import type { AdministratorView } from '@coffer/contracts';
import type { Mailer } from '@coffer/service-kit';

import type { PasswordLinks } from './password-links';

/**
 * A new administrator invited from Manage Administrators chooses their own fail-safe password
 * from an emailed single-use link, so the inviting administrator never types or sees it. The
 * link is a fail-safe password link (`/reset-password`), where the administrators' password
 * policy applies; it is built from the configured public URL, never from a Host header.
 */
export class AdministratorInvitations {
  constructor(
    private readonly links: PasswordLinks,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
  ) {}

  async invite(administrator: AdministratorView, invitedBy: string | undefined): Promise<void> {
    const token = await this.links.issue(administrator.id, 'administrator-reset');
    await this.mailer.send({
      to: administrator.email,
      subject: 'You are a Coffer administrator: choose your password',
      text: [
        `Hello ${administrator.name},`,
        '',
        `${invitedBy ?? 'A cloud administrator'} made you an administrator of your organisation's Coffer console.`,
        'Choose your fail-safe password here:',
        `${this.publicUrl}/reset-password#token=${token}`,
        '',
        'The link works once and expires in 24 hours. If it has expired, ask a cloud',
        'administrator to send you a new one (Manage Administrators → Reset Password).',
      ].join('\n'),
    });
  }
}
