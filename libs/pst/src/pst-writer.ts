import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { MailboxEntry } from './messaging/model';
import { PstStoreWriter } from './messaging/pst-store-writer';

export interface PstProgress {
  messages: number;
  bytes: number;
  part: number;
}

export interface PstWriteOptions {
  /** The store's display name, shown by Outlook as the top folder's name. */
  displayName?: string;
  /** Called after every message. */
  onProgress?: (progress: PstProgress) => void;
  /**
   * Starts a new file once a part reaches this many bytes; `pathOfPart(n)` names part n (from 1).
   * A part ends between messages, so it can exceed the limit by one message.
   */
  split?: { maxBytes: number; pathOfPart: (part: number) => string };
  /** Where `writePstToStream` assembles the file; the system's temporary directory by default. */
  temporaryDirectory?: string;
}

export interface PstPart {
  path: string;
  messages: number;
  bytes: number;
}

/**
 * Writes a mailbox, given as a stream of folders and messages, to one PST file or, with `split`,
 * to several. Memory holds one message at a time plus a small index per message and folder.
 */
export async function writePst(
  path: string,
  entries: AsyncIterable<MailboxEntry> | Iterable<MailboxEntry>,
  options: PstWriteOptions = {},
): Promise<PstPart[]> {
  const parts: PstPart[] = [];
  const pathOf = (part: number) =>
    options.split && part > 1 ? options.split.pathOfPart(part) : path;
  let store = await PstStoreWriter.create(pathOf(1), options);
  let total = 0;
  const close = async () => {
    await store.finish();
    const path = pathOf(parts.length + 1);
    parts.push({ path, messages: store.messageCount, bytes: (await stat(path)).size });
  };
  try {
    for await (const entry of entries) {
      if (!entry.message) {
        store.folder(entry.folder);
        continue;
      }
      if (options.split && store.messageCount > 0 && store.size >= options.split.maxBytes) {
        await close();
        store = await PstStoreWriter.create(pathOf(parts.length + 1), options);
      }
      await store.addMessage(entry.folder, entry.message);
      total++;
      options.onProgress?.({ messages: total, bytes: store.size, part: parts.length + 1 });
    }
    await close();
  } catch (error) {
    await store.abort();
    throw error;
  }
  return parts;
}

/**
 * Writes a mailbox as one PST to a writable stream (an upload, an HTTP response). A PST's header
 * and B-trees come last and point back into the file, so it is assembled in a temporary file
 * first (memory stays as small as for `writePst`) and then streamed; the file is removed after.
 */
export async function writePstToStream(
  output: Writable,
  entries: AsyncIterable<MailboxEntry> | Iterable<MailboxEntry>,
  options: Omit<PstWriteOptions, 'split'> = {},
): Promise<PstPart> {
  const dir = await mkdtemp(join(options.temporaryDirectory ?? tmpdir(), 'coffer-pst-'));
  try {
    const [part] = await writePst(join(dir, 'mailbox.pst'), entries, options);
    await pipeline(createReadStream(part.path), output);
    return part;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
