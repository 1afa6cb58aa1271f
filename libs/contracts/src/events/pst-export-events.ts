export type MailboxSource = 'gmail' | 'exchange-online';

export interface PstExportPart {
  part: number;
  bytes: number;
  messages: number;
  sha256: string;
}

/**
 * Events of the pst-export service. Counts and metadata only, never message content. A download
 * URL may travel (the audit trail shows it): it grants nothing, the page still asks who you are.
 */
export interface PstExportEventPayloads {
  'mailbox.backup-imported': {
    userId: string;
    userEmail: string;
    source: MailboxSource;
    imported: number;
    duplicates: number;
    skipped: number;
    bytes: number;
    /** Set when the import came through the console or API: the job it finished. */
    importId?: string;
    fileName?: string;
  };
  /** An administrator started uploading an archive into a user's backup (console or API). */
  'mailbox.import-started': {
    importId: string;
    userId: string;
    userEmail: string;
    source: MailboxSource;
    fileName: string;
    /** The size the uploader declared; the upload is refused past the configured limit. */
    bytes: number;
  };
  /** An upload that stopped: what it had imported by then stays (imports are idempotent). */
  'mailbox.import-failed': {
    importId: string;
    userId: string;
    userEmail: string;
    source: MailboxSource;
    fileName: string;
    reason: string;
    imported: number;
    skipped: number;
    bytes: number;
  };
  'pst-export.requested': {
    userId: string;
    userEmail: string;
    source: MailboxSource;
    from: string | null;
    to: string | null;
    folders: string[] | null;
    requestedById: string;
    requestedByEmail: string;
    downloadUrl: string;
  };
  'pst-export.started': { attempt: number; messages: number };
  'pst-export.completed': {
    messages: number;
    bytes: number;
    parts: PstExportPart[];
    userEmail: string;
    downloadUrl: string;
  };
  'pst-export.failed': { reason: string };
  'pst-export.link-sent': { to: string; downloadUrl: string; expiresAt: string };
  'pst-export.downloaded': {
    administratorId: string;
    administratorEmail: string;
    userEmail: string;
    part: number;
    bytes: number;
    downloadUrl: string;
  };
  'pst-export.download-denied': {
    attemptedEmail: string;
    reason: 'credentials' | 'not-allowed' | 'unavailable';
  };
  'pst-export.expired': { userEmail: string };
}

export type PstExportEventType = keyof PstExportEventPayloads;
