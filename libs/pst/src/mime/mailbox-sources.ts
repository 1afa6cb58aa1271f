import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

import { decodeEncodedWords } from './header-charset';

export interface RawMessage {
  raw: Buffer;
  /** Folder paths the message belongs in, as its source says (Gmail labels); may be empty. */
  labels: string[][];
}

/** Reads an mbox file message by message: see `readMboxStream`. */
export function readMbox(path: string): AsyncGenerator<RawMessage> {
  return readMboxStream(createReadStream(path));
}

/**
 * Reads an mbox stream message by message (mboxrd: `>From ` lines are unescaped), holding one
 * message at a time. Lines are read as latin1 so that bytes pass through unchanged. A message
 * longer than `maxBytes` is not held: it comes out empty, with `oversized` set.
 */
export async function* readMboxStream(
  input: Readable,
  maxBytes = Infinity,
): AsyncGenerator<RawMessage & { oversized?: true }> {
  input.setEncoding('latin1');
  const lines = createInterface({ input, crlfDelay: Infinity });
  let current: string[] | undefined;
  let size = 0;
  let oversized = false;
  const message = (): RawMessage & { oversized?: true } =>
    oversized ? { raw: Buffer.alloc(0), labels: [], oversized: true } : toMessage(current ?? []);
  for await (const line of lines) {
    if (line.startsWith('From ')) {
      if (current) yield message();
      current = [];
      size = 0;
      oversized = false;
      continue;
    }
    if (!current) current = [];
    size += line.length + 2;
    if (size > maxBytes) {
      oversized = true;
      current = [];
      continue;
    }
    if (!oversized) current.push(/^>+From /.test(line) ? line.slice(1) : line);
  }
  if (current && (current.length > 0 || oversized)) yield message();
}

function toMessage(lines: string[]): RawMessage {
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const raw = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
  return { raw, labels: gmailLabels(raw) };
}

/** Reads every `.eml` file under a folder; subfolders become folders. */
export async function* readEmlFolder(
  root: string,
  path: string[] = [],
): AsyncGenerator<RawMessage> {
  const entries = (await readdir(join(root, ...path), { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries) {
    if (entry.isDirectory()) yield* readEmlFolder(root, [...path, entry.name]);
    else if (entry.name.toLowerCase().endsWith('.eml')) {
      const raw = await readFile(join(root, ...path, entry.name));
      const labels = gmailLabels(raw);
      yield { raw, labels: labels.length > 0 ? labels : path.length > 0 ? [path] : [] };
    }
  }
}

/**
 * Reads a Maildir (`cur/` and `new/` of the top folder, then Maildir++ subfolders such as
 * `.Work.Projects/`), each file one message.
 */
export async function* readMaildir(root: string): AsyncGenerator<RawMessage> {
  const folders = [
    { dir: root, path: [] as string[] },
    ...(await readdir(root, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && entry.name.startsWith('.') && entry.name.length > 1)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => ({ dir: join(root, entry.name), path: entry.name.slice(1).split('.') })),
  ];
  for (const { dir, path } of folders) {
    for (const sub of ['cur', 'new']) {
      const files = await readdir(join(dir, sub)).catch(() => [] as string[]);
      for (const file of files.sort()) {
        const raw = await readFile(join(dir, sub, file));
        const labels = gmailLabels(raw);
        yield { raw, labels: labels.length > 0 ? labels : path.length > 0 ? [path] : [] };
      }
    }
  }
}

/** An mbox file, a Maildir (it has `cur/`), or a folder of `.eml` files. */
export async function readMailboxSource(path: string): Promise<AsyncGenerator<RawMessage>> {
  if (!(await stat(path)).isDirectory()) return readMbox(path);
  const isMaildir = await stat(join(path, 'cur')).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isMaildir ? readMaildir(path) : readEmlFolder(path);
}

/** Gmail labels that are states, not places: they do not become folders. */
const STATE_LABELS = new Set(['opened', 'unread', 'important', 'starred']);
/**
 * Gmail's system labels under Outlook's folder names. `Archived` is Takeout's label for mail that
 * left the inbox: a place of its own, not the inbox (issue 19).
 */
const SYSTEM_FOLDERS: Record<string, string> = {
  inbox: 'Inbox',
  archived: 'Archived',
  sent: 'Sent Items',
  drafts: 'Drafts',
  spam: 'Junk Email',
  trash: 'Deleted Items',
};

/**
 * The folders a message's `X-Gmail-Labels` header puts it in: one per label, nested labels
 * (`Work/Projects`) as nested folders, Gmail's system labels under Outlook's names. Takeout writes
 * labels outside ASCII as RFC 2047 encoded words; they are decoded before the list is split.
 */
export function gmailLabels(raw: Buffer): string[][] {
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString('utf8');
  const match = /^X-Gmail-Labels:[ \t]*((?:.*)(?:\r?\n[ \t].*)*)/im.exec(
    head.split(/\r?\n\r?\n/, 1)[0],
  );
  if (!match) return [];
  return splitLabels(decodeEncodedWords(match[1].replace(/\r?\n[ \t]/g, ' ')))
    .filter(
      (label) => label && !STATE_LABELS.has(label.toLowerCase()) && !/^category /i.test(label),
    )
    .map((label) => SYSTEM_FOLDERS[label.toLowerCase()]?.split('/') ?? label.split('/'));
}

/** Labels are comma separated; a label with a comma is quoted. */
function splitLabels(value: string): string[] {
  const labels: string[] = [];
  for (const match of value.matchAll(/"((?:[^"\\]|\\.)*)"|([^,]+)/g)) {
    labels.push((match[1] ?? match[2]).replace(/\\(.)/g, '$1').trim());
  }
  return labels;
}
