import type { DownloadFacts, PstDownloadContents, PstDownloadSummary } from '@coffer/contracts';

/**
 * What the download page may say, and to whom.
 *
 * The link alone proves nothing: it travels in mail, sits in the audit trail, in browser history
 * and in whatever a mail client or proxy logs, and may be forwarded. So someone who only holds it
 * learns what kind of file it is and whether it can still be downloaded (the source, the size,
 * how many parts, until when) - what a person needs to decide to download now, and on a phone
 * whether it fits - but nothing that names anyone: not whose mailbox it is, who asked for it, the
 * file name (it carries the user's name) or the message count. The organisation's SSO start is
 * offered, as the page always did, so an SSO administrator can prove who they are.
 *
 * Whose mailbox it is comes with `contents`, only to someone proven to be an administrator of the
 * export's organisation: this browser's console session here, or the answer to a sign-in on the
 * page.
 */
export function downloadSummaryOf(
  facts: DownloadFacts,
  seen: { ssoUrl: string | null; consoleSessionEmail?: string },
): PstDownloadSummary {
  return {
    exportId: facts.exportId,
    available: facts.available,
    source: facts.source,
    bytes: facts.bytes,
    partCount: facts.parts.length,
    linkExpiresAt: facts.linkExpiresAt,
    ssoUrl: seen.ssoUrl,
    consoleSession: seen.consoleSessionEmail ? { email: seen.consoleSessionEmail } : null,
    contents: seen.consoleSessionEmail ? contentsOf(facts) : null,
  };
}

function contentsOf(facts: DownloadFacts): PstDownloadContents {
  return {
    userEmail: facts.userEmail,
    source: facts.source,
    messages: facts.messages,
    bytes: facts.bytes,
    parts: facts.parts,
    fileName: facts.fileName,
    requestedByEmail: facts.requestedByEmail,
    linkExpiresAt: facts.linkExpiresAt,
  };
}
