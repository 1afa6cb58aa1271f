import { z } from 'zod';

import type { MailboxSource } from '../events/pst-export-events';
import { commandContextSchema, emailSchema, orgIdSchema } from './common-schemas';
import { defineMessage } from './message-definition';

/** A user's backed-up mailbox of one source, as the console lists it. */
export interface MailboxView {
  userId: string;
  userEmail: string;
  source: MailboxSource;
  messages: number;
  bytes: number;
  imports: number;
  lastImportAt: string | null;
}

export type MailboxImportStatus = 'running' | 'completed' | 'failed';

/** A message of an uploaded archive that was not imported, and why. */
export interface SkippedMessage {
  /** Its place in the archive, counting from 1. */
  number: number;
  /** The archive entry it came from (zip, tar), when there is one. */
  entry?: string;
  reason: string;
}

/** One upload of an archive into a user's backup: what the console polls while it runs. */
export interface MailboxImportView {
  id: string;
  orgId: string;
  userId: string;
  userEmail: string;
  source: MailboxSource;
  fileName: string;
  status: MailboxImportStatus;
  startedAt: string;
  startedByEmail: string;
  finishedAt: string | null;
  /** The size the uploader declared, and how much of the upload has been read. */
  bytes: number;
  bytesRead: number;
  /** Messages found in the archive so far. */
  read: number;
  imported: number;
  duplicates: number;
  /** The first skipped messages (at most `SKIPPED_KEPT`); `skippedCount` counts them all. */
  skipped: SkippedMessage[];
  skippedCount: number;
  failure: string | null;
}

/** How many skipped messages an import keeps with their reasons; the rest are only counted. */
export const SKIPPED_KEPT = 200;

const sourceSchema = z.enum(['gmail', 'exchange-online'], {
  errorMap: () => ({ message: 'source must be gmail or exchange-online' }),
});
const ofUser = z.object({ orgId: orgIdSchema, userId: z.string().min(1).max(100) });
const oneImport = z.object({
  orgId: orgIdSchema,
  importId: z.string().uuid('There is no such mailbox import.'),
});
const skippedSchema = z.object({
  number: z.number().int().min(1),
  entry: z.string().max(1_000).optional(),
  reason: z.string().min(1).max(500),
});

/** What an administrator sends to start an import; the archive itself is uploaded next. */
export const startMailboxImportBody = z
  .object({
    source: sourceSchema,
    /** The archive's file name, as the administrator's computer calls it. */
    fileName: z.string().trim().min(1).max(255),
    /** The archive's size in bytes: refused at once when larger than the configured limit. */
    bytes: z.number().int().min(1, 'The file is empty.'),
  })
  .strict();

export const MailboxMessages = {
  /** A user's backed-up mailboxes, one per source that has had an import. */
  listOfUser: defineMessage<MailboxView[]>()({
    service: 'pst-export',
    pattern: 'pst-export.mailboxes.list-of-user',
    request: ofUser,
    errors: [],
  }),
  startImport: defineMessage<MailboxImportView>()({
    service: 'pst-export',
    pattern: 'pst-export.mailboxes.start-import',
    request: ofUser.extend({
      context: commandContextSchema,
      userEmail: emailSchema,
      source: sourceSchema,
      fileName: z.string().min(1).max(255),
      bytes: z.number().int().min(1),
      startedByEmail: emailSchema,
    }),
    body: startMailboxImportBody,
    errors: ['invalid-request'],
  }),
  /**
   * The gateway takes an import's upload before it reads a byte: an import takes one archive,
   * so a second upload while one runs (another tab, a retry, another replica) is refused.
   */
  claimUpload: defineMessage<{ claimed: true }>()({
    service: 'pst-export',
    pattern: 'pst-export.mailboxes.claim-upload',
    request: oneImport,
    errors: [
      'mailbox-import-not-found',
      'mailbox-import-not-running',
      'mailbox-import-upload-running',
    ],
  }),
  /**
   * One batch of messages read from an import's upload, with those that could not be read;
   * `bytesRead` is how far into the upload the reader has come.
   */
  importBatch: defineMessage<MailboxImportView>()({
    service: 'pst-export',
    pattern: 'pst-export.mailboxes.import-batch',
    request: oneImport.extend({
      bytesRead: z.number().int().min(0),
      messages: z
        .array(
          z.object({
            /** Its place in the archive, counting every file from 1. */
            number: z.number().int().min(1),
            /** Raw RFC 5322 message, base64. */
            raw: z.string(),
            labels: z.array(z.array(z.string().min(1).max(255)).max(20)).max(100),
            entry: z.string().max(1_000).optional(),
          }),
        )
        .max(1_000),
      unreadable: z.array(skippedSchema).max(1_000),
    }),
    errors: ['mailbox-import-not-found', 'mailbox-import-not-running'],
  }),
  finishImport: defineMessage<MailboxImportView>()({
    service: 'pst-export',
    pattern: 'pst-export.mailboxes.finish-import',
    request: oneImport.extend({ context: commandContextSchema, bytesRead: z.number().int() }),
    errors: ['mailbox-import-not-found', 'mailbox-import-not-running'],
  }),
  failImport: defineMessage<MailboxImportView>()({
    service: 'pst-export',
    pattern: 'pst-export.mailboxes.fail-import',
    request: oneImport.extend({
      context: commandContextSchema,
      reason: z.string().min(1).max(500),
    }),
    errors: ['mailbox-import-not-found', 'mailbox-import-not-running'],
  }),
  getImport: defineMessage<MailboxImportView>()({
    service: 'pst-export',
    pattern: 'pst-export.mailboxes.get-import',
    request: oneImport,
    errors: ['mailbox-import-not-found'],
  }),
  /** A user's imports, newest first. */
  importsOfUser: defineMessage<MailboxImportView[]>()({
    service: 'pst-export',
    pattern: 'pst-export.mailboxes.imports-of-user',
    request: ofUser,
    errors: [],
  }),
};

export type StartMailboxImportRequest = z.output<typeof MailboxMessages.startImport.request>;
export type MailboxImportBatchRequest = z.output<typeof MailboxMessages.importBatch.request>;
