import { z } from 'zod';

import type { MailboxSource, PstExportPart } from '../events/pst-export-events';
import { clientSchema, commandContextSchema, emailSchema, orgIdSchema } from './common-schemas';
import { serviceStatusMessages } from './health-messages';
import { otpSchema } from './identity/mfa-messages';
import { defineMessage } from './message-definition';

export type PstExportStatus = 'requested' | 'running' | 'completed' | 'failed' | 'expired';

export interface PstExportView {
  id: string;
  orgId: string;
  userId: string;
  userEmail: string;
  source: MailboxSource;
  from: string | null;
  to: string | null;
  folders: string[] | null;
  status: PstExportStatus;
  requestedById: string;
  requestedByEmail: string;
  requestedAt: string;
  progress: { done: number; total: number };
  /** How many times a worker has taken the job: more than one after a worker died. */
  attempts: number;
  messages: number;
  bytes: number;
  parts: PstExportPart[];
  downloadUrl: string;
  linkExpiresAt: string | null;
  failure: string | null;
}

export interface ImportMessagesResponse {
  imported: number;
  duplicates: number;
  skipped: { number: number; reason: string }[];
  bytes: number;
}

export interface GrantHolder {
  orgId: string;
  administratorId: string;
}

export type AuthorizeDownloadResponse =
  | {
      ok: true;
      grant: string;
      parts: PstExportPart[];
      fileName: string;
      contents: PstDownloadContents;
    }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'unavailable' };

/** What pst-export knows of an export for its download page (the gateway decides what is shown). */
export interface DownloadFacts {
  exportId: string;
  orgId: string;
  /** Completed, with a link that has not expired: a grant can be given. */
  available: boolean;
  userEmail: string;
  source: MailboxSource;
  messages: number;
  bytes: number;
  parts: PstExportPart[];
  fileName: string;
  requestedByEmail: string;
  linkExpiresAt: string | null;
}

/** What is downloaded, told only to an administrator of the export's organisation. */
export type PstDownloadContents = Omit<DownloadFacts, 'exportId' | 'orgId' | 'available'>;

/**
 * `GET /download/pst/:id/summary`: what the download page shows before anyone signs in.
 * `contents` (whose mailbox, by whom) only when this browser's console session may download.
 */
export interface PstDownloadSummary {
  exportId: string;
  available: boolean;
  source: MailboxSource;
  bytes: number;
  partCount: number;
  linkExpiresAt: string | null;
  /** The organisation's own SSO start, coming back to this page; null without SSO. */
  ssoUrl: string | null;
  /** The administrator of this browser's console session, when it may download this export. */
  consoleSession: { email: string } | null;
  contents: PstDownloadContents | null;
}

/** `POST /download/pst/:id` (JSON): the grant is a cookie; each part has its address. */
export interface PstDownloadStarted {
  fileName: string;
  parts: (PstExportPart & { url: string })[];
  contents: PstDownloadContents;
}

const sourceSchema = z.enum(['gmail', 'exchange-online'], {
  errorMap: () => ({ message: 'source must be gmail or exchange-online' }),
});
const mailbox = z.object({
  orgId: orgIdSchema,
  userId: z.string().min(1).max(100),
  userEmail: emailSchema,
  source: sourceSchema,
});
const inOrganization = z.object({ orgId: orgIdSchema });
const oneExport = inOrganization.extend({ exportId: z.string().uuid('There is no such export.') });
const count = z.number().int().min(0);
const isoInstant = (name: string) =>
  z.string().datetime({ offset: true, message: `${name} must be an ISO-8601 date and time` });

/** What an administrator sends to export a user's mailbox backup. */
export const requestPstExportBody = z
  .object({
    /** The user whose backed-up mailbox is exported. */
    userId: z.string().min(1).max(100),
    source: sourceSchema,
    /** Only messages on or after this time (ISO 8601). */
    from: isoInstant('from').optional(),
    /** Only messages before this time (ISO 8601). */
    to: isoInstant('to').optional(),
    /** Only these folders or labels (paths such as Work/Projects). */
    folders: z.array(z.string().trim().min(1).max(500)).max(100).optional(),
  })
  .strict();

/** What the download page posts: email with a fail-safe password or a token, or `session`. */
export const downloadCredentialsBody = z
  .object({
    email: z.string().max(254).optional(),
    /** `console`: use the console session this browser already has (with `csrf`, double submit). */
    session: z.enum(['console']).optional(),
    csrf: z.string().max(200).optional(),
    password: z.string().max(1_000).optional(),
    token: z.string().max(1_000).optional(),
    /** With the password, for an administrator with a second factor (`401 mfa-required` asks). */
    otp: otpSchema.optional(),
  })
  .strict();
export type DownloadCredentials = z.output<typeof downloadCredentialsBody>;

export const PstExportMessages = {
  ...serviceStatusMessages('pst-export'),
  /** One batch of raw messages of a mailbox backup (ops import-mailbox). */
  importMessages: defineMessage<ImportMessagesResponse>()({
    service: 'pst-export',
    pattern: 'pst-export.mailbox.import-messages',
    request: mailbox.extend({
      /** The number of the batch's first message in the whole import, for the skipped list. */
      firstNumber: z.number().int().min(1).default(1),
      /** Raw RFC 5322 messages, base64, with the folders each belongs in. */
      messages: z
        .array(
          z.object({
            raw: z.string(),
            labels: z.array(z.array(z.string().min(1).max(255)).max(20)).max(100),
          }),
        )
        .max(1_000),
    }),
    errors: ['invalid-request'],
  }),
  finishImport: defineMessage<{ ok: true }>()({
    service: 'pst-export',
    pattern: 'pst-export.mailbox.finish-import',
    request: mailbox.extend({
      context: commandContextSchema,
      imported: count,
      duplicates: count,
      skipped: count,
      bytes: count,
    }),
    errors: ['invalid-request'],
  }),
  request: defineMessage<PstExportView>()({
    service: 'pst-export',
    pattern: 'pst-export.exports.request',
    request: mailbox.extend({
      context: commandContextSchema,
      from: isoInstant('from').optional(),
      to: isoInstant('to').optional(),
      folders: z.array(z.string().trim().min(1).max(500)).max(100).optional(),
      requestedById: z.string().min(1),
      requestedByEmail: emailSchema,
    }),
    body: requestPstExportBody,
    errors: ['invalid-request', 'mailbox-backup-missing'],
  }),
  list: defineMessage<PstExportView[]>()({
    service: 'pst-export',
    pattern: 'pst-export.exports.list',
    /** `userId`: only that user's exports. */
    request: inOrganization.extend({ userId: z.string().min(1).max(100).optional() }),
    errors: [],
  }),
  get: defineMessage<PstExportView>()({
    service: 'pst-export',
    pattern: 'pst-export.exports.get',
    request: oneExport,
    errors: ['pst-export-not-found'],
  }),
  /** A new email with the link and a new expiry, without exporting again. */
  reissueLink: defineMessage<PstExportView>()({
    service: 'pst-export',
    pattern: 'pst-export.exports.reissue-link',
    request: oneExport.extend({ context: commandContextSchema, to: emailSchema }),
    errors: ['pst-export-not-found', 'pst-export-not-ready'],
  }),
  /** A short-lived grant to stream the parts, for an administrator already authenticated. */
  authorizeDownload: defineMessage<AuthorizeDownloadResponse>()({
    service: 'pst-export',
    pattern: 'pst-export.exports.authorize-download',
    request: inOrganization.extend({
      exportId: z.string().max(100),
      administratorId: z.string().min(1),
      administratorEmail: emailSchema,
      /** Where the person proved who they are: kept in the grant for the downloaded entry's audit. */
      client: clientSchema.default({}),
    }),
    errors: [],
  }),
  /** Who a download grant was given to, while it still holds. */
  grantHolder: defineMessage<GrantHolder | null>()({
    service: 'pst-export',
    pattern: 'pst-export.exports.grant-holder',
    request: z.object({ exportId: z.string().max(100), grant: z.string().max(2_000) }),
    errors: [],
  }),
  recordDenied: defineMessage<{ ok: true }>()({
    service: 'pst-export',
    pattern: 'pst-export.exports.record-denied',
    request: z.object({
      exportId: z.string().max(100),
      attemptedEmail: z.string().max(254),
      reason: z.enum(['credentials', 'not-allowed', 'unavailable']),
      context: commandContextSchema,
    }),
    errors: [],
  }),
  /** What the download page may say about an export (filtered by the gateway), or null. */
  downloadFacts: defineMessage<DownloadFacts | null>()({
    service: 'pst-export',
    pattern: 'pst-export.exports.download-facts',
    request: z.object({ exportId: z.string().max(100) }),
    errors: [],
  }),
};

export type ImportMessagesRequest = z.output<typeof PstExportMessages.importMessages.request>;
export type FinishImportRequest = z.output<typeof PstExportMessages.finishImport.request>;
export type RequestPstExportRequest = z.output<typeof PstExportMessages.request.request>;
export type PstExportRequest = z.output<typeof PstExportMessages.reissueLink.request>;
export type AuthorizeDownloadRequest = z.output<typeof PstExportMessages.authorizeDownload.request>;
