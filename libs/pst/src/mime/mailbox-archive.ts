import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

import * as tar from 'tar-stream';
import * as unzipper from 'unzipper';

import { gmailLabels, readMboxStream } from './mailbox-sources';

/** One message found in an uploaded archive, or one that could not be read and why. */
export type ArchiveItem =
  | { kind: 'message'; raw: Buffer; labels: string[][]; entry?: string }
  | { kind: 'unreadable'; reason: string; entry?: string };

export type ArchiveFormat = 'mbox' | 'zip' | 'tar';

/** The upload is none of the formats: nothing in it was read. */
export class UnreadableArchiveError extends Error {}

export interface ArchiveReadOptions {
  /** A message larger than this is skipped (and not held in memory). */
  maxMessageBytes: number;
}

/**
 * Reads an uploaded mailbox archive as it streams in, one message at a time: an mbox file, a
 * zip of `.eml` files, or a Maildir in a zip or a tar (gzip or not). The format is told by the
 * first bytes, never by the file name. Memory holds one message, whatever the archive's size.
 */
export async function* readMailboxArchive(
  input: Readable,
  options: ArchiveReadOptions,
): AsyncGenerator<ArchiveItem> {
  const { head, stream } = await peek(input, 512);
  if (head.length === 0) throw new UnreadableArchiveError('The file is empty.');
  if (head[0] === 0x1f && head[1] === 0x8b) {
    yield* readMailboxArchive(stream.pipe(createGunzip()), options);
    return;
  }
  const format = formatOf(head);
  if (!format) throw new UnreadableArchiveError('not an mbox file, zip or tar archive');
  if (format === 'mbox') {
    for await (const message of readMboxStream(stream, options.maxMessageBytes)) {
      yield message.oversized
        ? { kind: 'unreadable', reason: tooLarge(options) }
        : checked({ raw: message.raw, labels: message.labels });
    }
    return;
  }
  yield* format === 'zip' ? readZip(stream, options) : readTar(stream, options);
}

/** What the first bytes say the archive is. */
export function formatOf(head: Buffer): ArchiveFormat | undefined {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'zip';
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  if (head.subarray(0, 5).toString('latin1') === 'From ') return 'mbox';
  return undefined;
}

async function* readZip(
  stream: Readable,
  options: ArchiveReadOptions,
): AsyncGenerator<ArchiveItem> {
  const entries = stream.pipe(unzipper.Parse({ forceStream: true }));
  for await (const entry of entries as AsyncIterable<unzipper.Entry>) {
    if (entry.type !== 'File') {
      entry.autodrain();
      continue;
    }
    yield* readEntry(entry.path, entry, options);
  }
}

async function* readTar(
  stream: Readable,
  options: ArchiveReadOptions,
): AsyncGenerator<ArchiveItem> {
  const extract = tar.extract();
  stream.pipe(extract);
  for await (const entry of extract) {
    if (entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    yield* readEntry(entry.header.name, entry as unknown as Readable, options);
  }
}

/** Bookkeeping files of Maildir servers: not messages, and not worth a line in the report. */
const MAILDIR_BOOKKEEPING =
  /(^|\/)(dovecot[^/]*|maildirfolder|subscriptions|courier[^/]*|\.DS_Store)$/i;

async function* readEntry(
  path: string,
  content: Readable,
  options: ArchiveReadOptions,
): AsyncGenerator<ArchiveItem> {
  const place = placeOf(path);
  if (!place) {
    content.resume();
    if (!MAILDIR_BOOKKEEPING.test(path) && !path.split('/').includes('__MACOSX')) {
      yield { kind: 'unreadable', entry: path, reason: 'not an .eml file or a Maildir message' };
    }
    return;
  }
  const raw = await readUpTo(content, options.maxMessageBytes);
  if (!raw) {
    yield { kind: 'unreadable', entry: path, reason: tooLarge(options) };
    return;
  }
  const labels = gmailLabels(raw);
  yield checked({
    raw,
    labels: labels.length > 0 ? labels : place.folder.length > 0 ? [place.folder] : [],
    entry: path,
  });
}

/**
 * Where an archive entry goes: a `.eml` file in its folders; a Maildir file (in `cur/` or
 * `new/`) in its Maildir++ folder (`.Work.Projects/cur/…` is Work/Projects, the top one the
 * inbox). Anything else is not a message.
 */
export function placeOf(path: string): { folder: string[] } | undefined {
  const parts = path.split('/').filter((part) => part && part !== '.');
  const name = parts.pop();
  if (!name || name.startsWith('._')) return undefined;
  const parent = parts[parts.length - 1];
  if ((parent === 'cur' || parent === 'new') && !name.startsWith('.')) {
    const maildir = parts[parts.length - 2];
    return {
      folder: maildir?.startsWith('.') && maildir.length > 1 ? maildir.slice(1).split('.') : [],
    };
  }
  if (name.toLowerCase().endsWith('.eml')) return { folder: parts };
  return undefined;
}

/** A message must at least begin with a header field; anything else is not mail. */
function checked(message: { raw: Buffer; labels: string[][]; entry?: string }): ArchiveItem {
  if (message.raw.length === 0)
    return { kind: 'unreadable', entry: message.entry, reason: 'empty message' };
  const firstLine = message.raw.subarray(0, 1_000).toString('latin1').split(/\r?\n/, 1)[0];
  if (!/^[\x21-\x39\x3b-\x7e]+:/.test(firstLine)) {
    return {
      kind: 'unreadable',
      entry: message.entry,
      reason: 'does not start with a mail header',
    };
  }
  return { kind: 'message', ...message };
}

function tooLarge(options: ArchiveReadOptions): string {
  return `larger than ${Math.round(options.maxMessageBytes / 1024 / 1024)} MB`;
}

/** The whole content, or undefined (drained, not held) when it is longer than `max`. */
async function readUpTo(content: Readable, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of content as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= max) chunks.push(chunk);
    else chunks.length = 0;
  }
  return size <= max ? Buffer.concat(chunks) : undefined;
}

/** The first `bytes` of a stream (fewer if it is shorter), and the whole stream still to read. */
async function peek(input: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = input[Symbol.asyncIterator]();
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(chunks);
  const stream = new PassThrough();
  void (async () => {
    try {
      if (head.length > 0 && !stream.write(head)) await drained(stream);
      while (!stream.destroyed) {
        const next = await iterator.next();
        if (next.done) break;
        if (!stream.write(next.value)) await drained(stream);
      }
      if (stream.destroyed) await iterator.return?.();
      else stream.end();
    } catch (error) {
      stream.destroy(error as Error);
    }
  })();
  return { head, stream };
}

/** Until the reader wants more, or has gone (its consumer stopped early). */
function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}
