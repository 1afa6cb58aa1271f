import { createHmac, timingSafeEqual } from 'node:crypto';

import type { KeyRing } from '@coffer/config';

import type { ExportJobDocument } from './export-jobs';

export interface DownloadGrant {
  exportId: string;
  orgId: string;
  administratorId: string;
  administratorEmail: string;
  /** The expiry of the export's link when the grant was given: a reissued link ends the grant. */
  linkExpiresAt: number;
  expiresAt: number;
  /** Where the download page's sign-in came from, for the downloaded entry's audit (signed with the rest). */
  ip?: string;
  userAgent?: string;
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
    /** Signs with the current key; a grant signed with a previous one is still accepted. */
    private readonly keys: KeyRing,
    private readonly lifetimeMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(grant: Omit<DownloadGrant, 'expiresAt'>): string {
    const body = Buffer.from(
      JSON.stringify({ ...grant, expiresAt: this.now() + this.lifetimeMs }),
    ).toString('base64url');
    return `${body}.${sign(this.keys.current, body)}`;
  }

  verify(token: string, exportId: string): DownloadGrant | undefined {
    const [body, signature] = token.split('.');
    if (!body || !signature) return undefined;
    const actual = Buffer.from(signature);
    const signedByOurs = [this.keys.current, ...this.keys.previous].some((key) => {
      const expected = Buffer.from(sign(key, body));
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    });
    if (!signedByOurs) return undefined;
    const grant = JSON.parse(Buffer.from(body, 'base64url').toString()) as DownloadGrant;
    if (grant.exportId !== exportId || grant.expiresAt < this.now()) return undefined;
    return grant;
  }
}

function sign(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
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
