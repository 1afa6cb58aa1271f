import { randomUUID } from 'node:crypto';

import type { CofferConfig } from '@coffer/config';
import { IdentityMessages, type MailboxSource, PstExportMessages } from '@coffer/contracts';
import { type RawMessage, readMailboxSource, repairMultipart } from '@coffer/pst';
import { ServiceClients } from '@coffer/service-kit';

import { ProgressLine } from './progress-line';

/** A batch goes to the service when it holds this many messages or bytes, whichever comes first. */
const BATCH_MESSAGES = 200;
const BATCH_BYTES = 8 * 1024 * 1024;

export interface ImportSummary {
  user: string;
  source: MailboxSource;
  imported: number;
  duplicates: number;
  skipped: { number: number; reason: string }[];
  /**
   * Messages whose MIME structure is broken (a multipart boundary not in the body): they are
   * imported as they are, and the PST export repairs them the same way.
   */
  repaired: { number: number; reason: string }[];
  bytes: number;
  seconds: number;
}

/**
 * Imports an mbox file, a folder of .eml files or a Maildir into a user's backed-up mailbox, in
 * batches, reading one message at a time. Running it again imports only what is missing: every
 * message already there counts as a duplicate.
 */
export async function importMailbox(
  config: CofferConfig,
  options: { orgId: string; userEmail: string; source: MailboxSource; path: string },
): Promise<ImportSummary> {
  const started = Date.now();
  const services = new ServiceClients(config);
  const progress = new ProgressLine(process.stderr);
  try {
    const users = await services.send(IdentityMessages.users.list, {
      orgId: options.orgId,
      query: options.userEmail,
      limit: 50,
    });
    const user = users.find(
      (candidate) => candidate.email === options.userEmail.trim().toLowerCase(),
    );
    if (!user)
      throw new Error(`there is no user ${options.userEmail} in organisation ${options.orgId}`);
    const mailbox = {
      orgId: options.orgId,
      userId: user.id,
      userEmail: user.email,
      source: options.source,
    };
    const summary: ImportSummary = {
      user: user.email,
      source: options.source,
      imported: 0,
      duplicates: 0,
      skipped: [],
      repaired: [],
      bytes: 0,
      seconds: 0,
    };
    let batch: RawMessage[] = [];
    let batchBytes = 0;
    let number = 0;
    const send = async () => {
      if (batch.length === 0) return;
      const result = await services.send(
        PstExportMessages.importMessages,
        {
          ...mailbox,
          firstNumber: number - batch.length + 1,
          messages: batch.map(({ raw, labels }) => ({ raw: raw.toString('base64'), labels })),
        },
        { timeoutMs: 120_000 },
      );
      summary.imported += result.imported;
      summary.duplicates += result.duplicates;
      summary.skipped.push(...result.skipped);
      summary.bytes += result.bytes;
      for (const skipped of result.skipped)
        progress.log(`message ${skipped.number} skipped: ${skipped.reason}`);
      progress.update(
        `${number} messages read: ${summary.imported} imported, ${summary.duplicates} already there, ${summary.skipped.length} skipped`,
      );
      batch = [];
      batchBytes = 0;
    };
    for await (const message of await readMailboxSource(options.path)) {
      number++;
      const { repair } = repairMultipart(message.raw);
      if (repair) {
        summary.repaired.push({ number, reason: repair });
        progress.log(`message ${number} repaired: ${repair}`);
      }
      batch.push(message);
      batchBytes += message.raw.length;
      if (batch.length >= BATCH_MESSAGES || batchBytes >= BATCH_BYTES) await send();
    }
    await send();
    progress.done();
    await services.send(PstExportMessages.finishImport, {
      ...mailbox,
      context: { actor: { type: 'system' }, correlationId: randomUUID() },
      imported: summary.imported,
      duplicates: summary.duplicates,
      skipped: summary.skipped.length,
      bytes: summary.bytes,
    });
    return { ...summary, seconds: (Date.now() - started) / 1000 };
  } finally {
    await services.close();
  }
}
