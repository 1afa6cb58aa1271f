import nodemailer, { type Transporter } from 'nodemailer';

import type { CofferConfig } from '@coffer/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends mail through the configured SMTP server; the catcher in development and tests. */
export class Mailer {
  private readonly transport: Transporter;

  constructor(private readonly config: CofferConfig['smtp']) {
    this.transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: false,
      // The local catcher speaks plain SMTP; a real server is configured with its own URL later.
      ignoreTLS: config.host === '127.0.0.1',
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ from: this.config.from, ...mail });
  }
}
