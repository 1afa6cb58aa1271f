import { createHmac, timingSafeEqual } from 'node:crypto';

import type { ExportJobDocument } from './export-jobs';

export interface DownloadGrant {
  exportId: string;
  orgId: string;
  administratorId: string;
  administratorEmail: string;
  /** The expiry of the export's link when the grant was given: a reissued link ends the grant. */
  linkExpiresAt: number;
  expiresAt: number;
}

/**
 * A short-lived permission to stream one export's files, given after the download page checked
 * who is asking: an HMAC-signed statement that a resumed download (HTTP Range) can present again
 * until it expires. It is not enough on its own: the file server also checks that the export's
 * link is still the one the grant was given for, and the gateway that its administrator is still
 * active, on every request.
 */
export class DownloadGrants {
  constructor(
    private readonly key: Buffer,
    private readonly lifetimeMs = 15 * 60_000,
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

/**
 * A grant holds while its export is completed in the grant's organisation and the link it was
 * given for is the export's current one and has not expired: reissuing or expiring the link ends
 * every grant given under the old one.
 */
export function grantStillHolds(grant: DownloadGrant, job: ExportJobDocument, now: Date): boolean {
  return (
    job.orgId === grant.orgId &&
    job.status === 'completed' &&
    job.linkExpiresAt !== null &&
    job.linkExpiresAt.getTime() === grant.linkExpiresAt &&
    job.linkExpiresAt > now
  );
}
