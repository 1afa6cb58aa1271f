import { DownloadGrants, grantStillHolds } from './download-grants';
import { parseRange } from './export-file-server';
import type { ExportJobDocument } from './export-jobs';

describe('parseRange', () => {
  it('reads the single ranges browsers and download managers send', () => {
    expect(parseRange(undefined, 1000)).toBeUndefined();
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=500-5000', 1000)).toEqual({ start: 500, end: 999 });
  });

  it('says when a range cannot be served, and ignores what it does not understand', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=50-10', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-9', 1000)).toBeUndefined();
    expect(parseRange('items=0-1', 1000)).toBeUndefined();
  });
});

describe('DownloadGrants', () => {
  const key = { current: Buffer.alloc(32, 1), previous: [] };
  const who = {
    exportId: 'e1',
    orgId: 'o1',
    administratorId: 'a1',
    administratorEmail: 'ada@example.com',
    linkExpiresAt: Date.UTC(2026, 0, 8),
  };

  it('accepts its own grant for its export until it expires', () => {
    let now = 1_000;
    const grants = new DownloadGrants(key, 60_000, () => now);
    const grant = grants.issue(who);
    expect(grants.verify(grant, 'e1')).toMatchObject(who);
    expect(grants.verify(grant, 'e2')).toBeUndefined();
    now += 60_001;
    expect(grants.verify(grant, 'e1')).toBeUndefined();
  });

  it('refuses a grant whose content was changed or that another key signed', () => {
    const grants = new DownloadGrants(key);
    const [body, signature] = grants.issue(who).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...who, orgId: 'o2', expiresAt: Date.now() + 1e6 }),
    ).toString('base64url');
    expect(grants.verify(`${forged}.${signature}`, 'e1')).toBeUndefined();
    expect(
      new DownloadGrants({ current: Buffer.alloc(32, 2), previous: [] }).verify(
        `${body}.${signature}`,
        'e1',
      ),
    ).toBeUndefined();
    expect(grants.verify('garbage', 'e1')).toBeUndefined();
  });

  it('accepts grants signed with a rotated-out key until that key leaves the ring', () => {
    const old = { current: Buffer.alloc(32, 1), previous: [] };
    const rotated = { current: Buffer.alloc(32, 3), previous: [old.current] };
    const grant = new DownloadGrants(old).issue(who);
    expect(new DownloadGrants(rotated).verify(grant, 'e1')).toMatchObject(who);
    expect(new DownloadGrants({ ...rotated, previous: [] }).verify(grant, 'e1')).toBeUndefined();
  });

  // Regression: a grant kept downloading after its link was reissued or had expired.
  it('holds only for the export link it was given under, in its organisation', () => {
    const grant = { ...who, expiresAt: Date.UTC(2026, 0, 1, 1) };
    const job = {
      orgId: 'o1',
      status: 'completed',
      linkExpiresAt: new Date(who.linkExpiresAt),
    } as ExportJobDocument;
    const now = new Date(Date.UTC(2026, 0, 1));
    expect(grantStillHolds(grant, job, now)).toBe(true);
    const reissued = { ...job, linkExpiresAt: new Date(who.linkExpiresAt + 3_600_000) };
    expect(grantStillHolds(grant, reissued, now)).toBe(false);
    expect(grantStillHolds(grant, job, new Date(who.linkExpiresAt))).toBe(false);
    expect(grantStillHolds(grant, { ...job, orgId: 'o2' }, now)).toBe(false);
    expect(grantStillHolds(grant, { ...job, status: 'expired' }, now)).toBe(false);
  });
});
