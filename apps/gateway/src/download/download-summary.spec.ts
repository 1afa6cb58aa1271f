import type { DownloadFacts } from '@coffer/contracts';

import { downloadSummaryOf } from './download-summary';

const facts: DownloadFacts = {
  exportId: '0190a000-0000-7000-8000-0000000000aa',
  orgId: 'org-1',
  available: true,
  userEmail: 'bob@initech.test',
  source: 'gmail',
  messages: 40,
  bytes: 5_000_000,
  parts: [{ part: 1, bytes: 5_000_000, messages: 40, sha256: 'a'.repeat(64) }],
  fileName: 'bob-gmail-2026-12-02.pst',
  requestedByEmail: 'ada@initech.test',
  linkExpiresAt: '2026-12-09T00:00:00.000Z',
};

describe('what the download page may show', () => {
  // The link travels in mail, the audit trail and browser history: holding it must not tell
  // whose mailbox it is, who asked for it, nor the organisation's id beyond its SSO start.
  it('tells someone who only holds the link the kind of file, nothing that names anyone', () => {
    const summary = downloadSummaryOf(facts, { ssoUrl: null });
    expect(summary).toEqual({
      exportId: facts.exportId,
      available: true,
      source: 'gmail',
      bytes: 5_000_000,
      partCount: 1,
      linkExpiresAt: '2026-12-09T00:00:00.000Z',
      ssoUrl: null,
      consoleSession: null,
      contents: null,
    });
    expect(JSON.stringify(summary)).not.toMatch(/bob|ada|org-1/);
  });

  it("tells an administrator of the export's organisation whose mailbox it is", () => {
    const summary = downloadSummaryOf(facts, {
      ssoUrl: '/sso/org-1/login?surface=console',
      consoleSessionEmail: 'ada@initech.test',
    });
    expect(summary.consoleSession).toEqual({ email: 'ada@initech.test' });
    expect(summary.contents).toMatchObject({
      userEmail: 'bob@initech.test',
      requestedByEmail: 'ada@initech.test',
      messages: 40,
      fileName: 'bob-gmail-2026-12-02.pst',
    });
  });
});
