import { type Readable, Transform } from 'node:stream';

import { HttpException, HttpStatus } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';

import {
  type CommandContext,
  type ErrorCode,
  ERRORS,
  type MailboxImportView,
  MailboxMessages,
  type SkippedMessage,
} from '@coffer/contracts';
import { type ArchiveItem, readMailboxArchive, UnreadableArchiveError } from '@coffer/pst';

import type { BackendClients } from '../backend/backend-clients';

/** A batch goes to pst-export when it holds this many messages or bytes, whichever first. */
const BATCH_MESSAGES = 100;
const BATCH_BYTES = 4 * 1024 * 1024;
/** The largest single message read (and held) from an upload; larger ones are skipped. */
export const MAX_UPLOADED_MESSAGE_BYTES = 50 * 1024 * 1024;
/** The most of a refused upload read and dropped so that its client receives the refusal. */
const DRAIN_AT_MOST_BYTES = 64 * 1024 * 1024;

export interface ArchiveUploadSettings {
  maxBytes: number;
  maxMessageBytes?: number;
}

/** A refusal during an upload: its code, for the import's failure and the HTTP answer. */
class UploadRefused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads one multipart upload of a mailbox archive as it arrives and feeds the import in
 * batches: the request is read only as fast as pst-export stores what came before, so memory
 * holds a batch and one message whatever the archive's size. A refusal (too large, not an
 * archive, no messages, cut short) fails the import with its reason and answers with it.
 */
export class ArchiveUpload {
  private bytesRead = 0;
  private number = 0;
  private found = 0;
  private messages: { number: number; raw: string; labels: string[][]; entry?: string }[] = [];
  private unreadable: SkippedMessage[] = [];
  private batchBytes = 0;

  constructor(
    private readonly backends: BackendClients,
    private readonly job: { orgId: string; importId: string },
    private readonly context: CommandContext,
    private readonly settings: ArchiveUploadSettings,
  ) {}

  async run(request: Request): Promise<MailboxImportView> {
    try {
      const declared = Number(request.get('content-length') ?? 0);
      if (declared > this.settings.maxBytes + 64 * 1024) throw this.tooLarge();
      const file = await this.fileOf(request);
      for await (const item of readMailboxArchive(file.stream, {
        maxMessageBytes: this.settings.maxMessageBytes ?? MAX_UPLOADED_MESSAGE_BYTES,
      })) {
        await this.add(item);
      }
      if (file.truncated()) throw this.tooLarge();
      await this.send();
      if (this.found === 0) {
        throw new UploadRefused(
          this.number === 0 ? 'mailbox-archive-empty' : 'mailbox-archive-unreadable',
          this.number === 0
            ? ERRORS['mailbox-archive-empty'].message
            : `None of the ${this.number} files in this archive is a message that could be read; nothing was imported.`,
        );
      }
      return await this.backends.send(MailboxMessages.finishImport, {
        ...this.job,
        context: this.context,
        bytesRead: this.bytesRead,
      });
    } catch (error) {
      const refusal = this.refusalOf(error);
      await this.backends
        .send(MailboxMessages.failImport, {
          ...this.job,
          context: this.context,
          reason: messageOf(refusal).slice(0, 500),
        })
        .catch(() => undefined);
      this.dropRestOf(request);
      throw refusal;
    }
  }

  /**
   * Browsers and fetch read an answer only once they have sent their whole body: closing the
   * connection under them turns the refusal into a broken pipe they report instead of its
   * sentence. So the rest of a body of a plausible size is read and dropped (lingering close, as
   * web servers do); a larger rest, or one of unknown size, is not waited for.
   */
  private dropRestOf(request: Request): void {
    request.unpipe();
    const declared = Number(request.get('content-length') ?? 0);
    if (declared > 0 && declared - this.bytesRead <= DRAIN_AT_MOST_BYTES) request.resume();
    else request.res?.setHeader('connection', 'close');
  }

  private tooLarge(): UploadRefused {
    return new UploadRefused(
      'mailbox-archive-too-large',
      `This file is larger than ${describeLimit(this.settings.maxBytes)}, the largest mailbox archive accepted; split it or ask the operator to import it.`,
    );
  }

  private refusalOf(error: unknown): HttpException {
    if (error instanceof HttpException) return error;
    if (error instanceof UploadRefused)
      return new HttpException(
        { code: error.code, message: error.message },
        ERRORS[error.code].status,
      );
    if (error instanceof UnreadableArchiveError) {
      const code =
        error.message === 'The file is empty.'
          ? 'mailbox-archive-empty'
          : 'mailbox-archive-unreadable';
      return new HttpException({ code, message: ERRORS[code].message }, ERRORS[code].status);
    }
    // A zip or tar that breaks off, or a client that went away: what was stored stays.
    const reason = error instanceof Error ? error.message : String(error);
    return new HttpException(
      {
        code: 'mailbox-archive-unreadable',
        message: `The archive could not be read to its end (${reason.slice(0, 200)}); the ${this.found} messages read before are imported.`,
      },
      HttpStatus.BAD_REQUEST,
    );
  }

  /** The upload's one file, counted as it is read; a second file or none is refused. */
  private fileOf(request: Request): Promise<{ stream: Readable; truncated: () => boolean }> {
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: request.headers,
          limits: { files: 1, fileSize: this.settings.maxBytes, fields: 20, parts: 21 },
        });
      } catch {
        reject(
          new HttpException(
            {
              code: 'invalid-request',
              message: 'Upload the archive as multipart/form-data, in a file field.',
            },
            HttpStatus.BAD_REQUEST,
          ),
        );
        return;
      }
      let truncated = false;
      parser.on('file', (_name, stream) => {
        stream.on('limit', () => (truncated = true));
        const counted = new Transform({
          transform: (chunk: Buffer, _encoding, done) => {
            this.bytesRead += chunk.length;
            done(null, chunk);
          },
        });
        stream.on('error', (error) => counted.destroy(error));
        resolve({ stream: stream.pipe(counted), truncated: () => truncated });
      });
      parser.on('error', (error) => reject(error));
      parser.on('close', () =>
        reject(
          new HttpException(
            { code: 'invalid-request', message: 'The upload holds no file: attach the archive.' },
            HttpStatus.BAD_REQUEST,
          ),
        ),
      );
      request.pipe(parser);
    });
  }

  private async add(item: ArchiveItem): Promise<void> {
    this.number++;
    if (item.kind === 'unreadable') {
      this.unreadable.push({ number: this.number, reason: item.reason, entry: item.entry });
    } else {
      this.found++;
      this.messages.push({
        number: this.number,
        raw: item.raw.toString('base64'),
        labels: item.labels,
        entry: item.entry,
      });
      this.batchBytes += item.raw.length;
    }
    if (
      this.messages.length + this.unreadable.length >= BATCH_MESSAGES ||
      this.batchBytes >= BATCH_BYTES
    ) {
      await this.send();
    }
  }

  private async send(): Promise<void> {
    if (this.messages.length === 0 && this.unreadable.length === 0) return;
    const batch = { messages: this.messages, unreadable: this.unreadable };
    this.messages = [];
    this.unreadable = [];
    this.batchBytes = 0;
    await this.backends.send(
      MailboxMessages.importBatch,
      { ...this.job, bytesRead: this.bytesRead, ...batch },
      { timeoutMs: 120_000 },
    );
  }
}

/** `10 GB`, `500 MB`: the limit as a person reads it. */
export function describeLimit(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${+gib.toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

function messageOf(refusal: HttpException): string {
  const response = refusal.getResponse();
  return typeof response === 'object' && 'message' in response
    ? String(response.message)
    : refusal.message;
}
