import { createHmac, timingSafeEqual } from 'node:crypto';

export interface DownloadGrant {
  exportId: string;
  orgId: string;
  administratorId: string;
  administratorEmail: string;
  expiresAt: number;
}

/**
 * A short-lived permission to stream one export's files, given after the download page checked
 * who is asking: an HMAC-signed statement, so the file server needs no lookup to trust it and a
 * resumed download (HTTP Range) can present it again until it expires.
 */
export class DownloadGrants {
  constructor(
    private readonly key: Buffer,
    private readonly lifetimeMs = 60 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(grant: Omit<DownloadGrant, 'expiresAt'>): string {
    const body = Buffer.from(
      JSON.stringify({ ...grant, expiresAt: this.now() + this.lifetimeMs }),
    ).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  verify(token: string, exportId: string): DownloadGrant | undefined {
    const [body, signature] = token.split('.');
    if (!body || !signature) return undefined;
    const expected = Buffer.from(this.sign(body));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    const grant = JSON.parse(Buffer.from(body, 'base64url').toString()) as DownloadGrant;
    if (grant.exportId !== exportId || grant.expiresAt < this.now()) return undefined;
    return grant;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
