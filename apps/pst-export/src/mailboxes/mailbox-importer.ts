import { createHash } from 'node:crypto';

import { simpleParser } from 'mailparser';

import type { ImportMessagesRequest, ImportMessagesResponse } from '@coffer/contracts';

import type { BlobStore } from '../blobs/blob-store';
import { MailboxIndex } from './mailbox-index';

/** The largest message kept: what Exchange Online and Gmail accept. */
export const MAX_MESSAGE_BYTES = 150 * 1024 * 1024;

/**
 * Stores a batch of raw messages: each once in the blob store (by content hash) and once in the
 * user's mailbox index. A message already imported is counted as a duplicate, so an import cut
 * short can simply run again.
 */
export class MailboxImporter {
  constructor(
    private readonly index: MailboxIndex,
    private readonly blobs: BlobStore,
  ) {}

  async importBatch(
    request: Omit<ImportMessagesRequest, 'firstNumber'>,
    firstNumber = 1,
  ): Promise<ImportMessagesResponse> {
    const result: ImportMessagesResponse = { imported: 0, duplicates: 0, skipped: [], bytes: 0 };
    for (const [offset, message] of request.messages.entries()) {
      const number = firstNumber + offset;
      const raw = Buffer.from(message.raw, 'base64');
      if (raw.length === 0) {
        result.skipped.push({ number, reason: 'empty message' });
        continue;
      }
      if (raw.length > MAX_MESSAGE_BYTES) {
        result.skipped.push({
          number,
          reason: `larger than ${MAX_MESSAGE_BYTES / 1024 / 1024} MB`,
        });
        continue;
      }
      const sha256 = createHash('sha256').update(raw).digest('hex');
      const id = MailboxIndex.idOf(request.userId, request.source, sha256);
      if (await this.index.has(id)) {
        result.duplicates++;
        continue;
      }
      const blobId = `msg-${sha256}`;
      if (!(await this.blobs.info(blobId))) await this.blobs.put(blobId, raw);
      const headers = await headersOf(raw);
      await this.index.add({
        _id: id,
        orgId: request.orgId,
        userId: request.userId,
        source: request.source,
        blobId,
        folders: (message.labels.length > 0 ? message.labels : [['Inbox']]).map((path) => ({
          path,
        })),
        ...headers,
        size: raw.length,
        importedAt: new Date(),
      });
      result.imported++;
      result.bytes += raw.length;
    }
    return result;
  }
}

/** What the index keeps of a message's header; a header that does not parse leaves blanks. */
async function headersOf(raw: Buffer): Promise<{
  date: Date | null;
  from: string | null;
  subject: string | null;
  messageId: string | null;
}> {
  const crlf = raw.indexOf('\r\n\r\n');
  const end = crlf !== -1 ? crlf : raw.indexOf('\n\n');
  const header = end === -1 ? raw : raw.subarray(0, end + 4);
  try {
    const parsed = await simpleParser(header, { skipHtmlToText: true, skipTextToHtml: true });
    return {
      date: parsed.date ?? null,
      from: parsed.from?.value[0]?.address ?? null,
      subject: parsed.subject ?? null,
      messageId: parsed.messageId ?? null,
    };
  } catch {
    return { date: null, from: null, subject: null, messageId: null };
  }
}
