import type { UserView } from '@coffer/contracts';
import type { Mailer } from '@coffer/service-kit';

import type { PasswordLinks } from './password-links';

/**
 * Users created without a password get an email with a single-use link to choose one. Links
 * are built from the configured public URL, never from a request's Host header.
 */
export class PasswordInvitations {
  constructor(
    private readonly links: PasswordLinks,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
  ) {}

  async invite(user: UserView): Promise<void> {
    const token = await this.links.issue(user.id, 'user-setup');
    const link = `${this.publicUrl}/set-password#token=${token}`;
    await this.mailer.send({
      to: user.email,
      subject: 'Choose your Coffer password',
      text: [
        `Hello ${user.name},`,
        '',
        'An administrator created a Coffer account for you. Choose your password here:',
        link,
        '',
        'The link works once and expires in 24 hours.',
      ].join('\n'),
    });
  }

  redeem(token: string): Promise<string | undefined> {
    return this.links.redeem(token, 'user-setup');
  }
}
