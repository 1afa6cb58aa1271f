import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { simpleParser } from 'mailparser';

import { outlookPstCheckBinary } from './outlook-pst-check';

const run = promisify(execFile);

/** A message as an independent reader saw it, reduced to what can be compared with the input. */
export interface ReadBackMessage {
  folder: string;
  subject: string;
  fromName?: string;
  fromAddress?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  sentAt?: string;
  /** Only readpst shows it. */
  messageId?: string;
  text?: string;
  html?: string;
  /** `fnv` instead of `sha256` from the outlook-pst crate, which has only that (FNV-1a, 64 bits). */
  attachments: {
    name: string;
    sha256: string;
    fnv?: string;
    contentId?: string;
    /** The reader's error, for an attachment it could not open. */
    unreadable?: string;
  }[];
  embedded: ReadBackMessage[];
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function fnv1a64(data: Buffer): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of data) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

/** Both readers normalise line ends and trailing blank space differently; compare without them. */
export function normaliseText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const normalised = text.replace(/\r\n/g, '\n').replace(/\s+$/, '');
  return normalised === '' ? undefined : normalised;
}

async function ensureTool(tool: string, debianPackage: string): Promise<void> {
  try {
    await run('sh', ['-c', `command -v ${tool}`]);
  } catch {
    throw new Error(
      `${tool} is not installed: apt-get install ${debianPackage} (.ci/run does this)`,
    );
  }
}

/** Reads a PST with libpst's `readpst` (Debian pst-utils), one .eml per message. */
export async function readWithReadpst(
  pstPath: string,
  outputDir: string,
): Promise<ReadBackMessage[]> {
  await ensureTool('readpst', 'pst-utils');
  await mkdir(outputDir, { recursive: true });
  // `-j 0`: one process. readpst's parallel jobs drop a message or two of the same file now and
  // then (457, 458 or 459 of 459 in four runs), which read as a writer fault.
  await run('readpst', ['-j', '0', '-e', '-D', '-8', '-b', '-q', '-o', outputDir, pstPath], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const messages: ReadBackMessage[] = [];
  for (const file of await filesUnder(outputDir)) {
    if (!file.endsWith('.eml')) continue;
    const parts = file.slice(outputDir.length + 1).split('/');
    // readpst names the top folder after the store; folders under it are the mailbox's.
    const folder = parts.slice(1, -1).join('/');
    messages.push(await parseEml(await readFile(file), folder));
  }
  return messages;
}

async function parseEml(raw: Buffer, folder: string): Promise<ReadBackMessage> {
  // readpst starts an attached message with an mbox "From " line; it is not part of the message.
  const text = raw.toString('latin1').replace(/^>?From [^\n]*\n/, '');
  const mail = await simpleParser(Buffer.from(text, 'latin1'), {
    keepCidLinks: true,
    skipTextToHtml: true,
  });
  // readpst writes To, Cc and Bcc from the display strings (names), not from the recipient table.
  const displayList = (key: string) =>
    decodeWords(
      mail.headerLines.find((line) => line.key === key)?.line.replace(/^[^:]*:/, '') ?? '',
    )
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean);
  const attachments: ReadBackMessage['attachments'] = [];
  const embedded: ReadBackMessage[] = [];
  for (const attachment of mail.attachments) {
    if (attachment.contentType === 'message/rfc822')
      embedded.push(await parseEml(attachment.content, ''));
    else
      attachments.push({
        name: attachment.filename ?? '',
        sha256: sha256(attachment.content),
        contentId: attachment.cid,
      });
  }
  return {
    folder,
    subject: mail.subject ?? '',
    fromName: mail.from?.value[0]?.name || undefined,
    fromAddress: mail.from?.value[0]?.address || undefined,
    to: displayList('to'),
    cc: displayList('cc'),
    bcc: displayList('x-libpst-forensic-bcc'),
    sentAt: mail.date?.toISOString(),
    messageId: mail.messageId,
    text: normaliseText(mail.text),
    html: typeof mail.html === 'string' ? normaliseText(mail.html) : undefined,
    attachments,
    embedded,
  };
}

/** RFC 2047 encoded words in UTF-8, which is all readpst writes (with -8). */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9a-f]{2})/gi, (_m, hex: string) =>
              String.fromCharCode(parseInt(hex, 16)),
            ),
          'latin1',
        ).toString('utf8'),
  );
}

/** Reads a PST with libpff's `pffexport` (Debian pff-tools): a directory per message. */
export async function readWithPffexport(
  pstPath: string,
  outputBase: string,
): Promise<ReadBackMessage[]> {
  await ensureTool('pffexport', 'pff-tools');
  await run('pffexport', ['-q', '-f', 'all', '-m', 'items', '-t', outputBase, pstPath], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const top = join(`${outputBase}.export`, 'Top of Personal Folders');
  const messages: ReadBackMessage[] = [];
  const walk = async (dir: string, folder: string[]) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name, 'en', { numeric: true }),
    );
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      if (/^Message\d{5}$/.test(entry.name))
        messages.push(await readPffMessage(join(dir, entry.name), folder.join('/')));
      else await walk(join(dir, entry.name), [...folder, entry.name]);
    }
  };
  await walk(top, []);
  return messages;
}

async function readPffMessage(dir: string, folder: string): Promise<ReadBackMessage> {
  const headers = parseFields(await readOptional(join(dir, 'OutlookHeaders.txt')));
  const recipients = ((await readOptional(join(dir, 'Recipients.txt'))) ?? '')
    .split(/\n\s*\n/)
    .map(parseFields)
    .filter((fields) => fields.get('Email address') !== undefined);
  const byType = (type: string) =>
    recipients
      .filter((r) => r.get('Recipient type') === type)
      .map((r) => r.get('Email address') ?? '');
  const attachments: ReadBackMessage['attachments'] = [];
  const embedded: ReadBackMessage[] = [];
  const attachmentDir = join(dir, 'Attachments');
  for (const entry of await readdir(attachmentDir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) {
      const inner = join(attachmentDir, entry.name);
      for (const message of await readdir(inner))
        embedded.push(await readPffMessage(join(inner, message), ''));
    } else {
      attachments.push({
        name: entry.name.replace(/^\d+_/, ''),
        sha256: sha256(await readFile(join(attachmentDir, entry.name))),
      });
    }
  }
  const submitted = headers.get('Client submit time');
  return {
    folder,
    subject: headers.get('Subject') ?? '',
    fromName: headers.get('Sender name'),
    fromAddress: headers.get('Sender email address'),
    to: byType('To'),
    cc: byType('CC'),
    bcc: byType('BCC'),
    sentAt: submitted ? new Date(submitted.replace(/\.\d+ UTC$/, ' UTC')).toISOString() : undefined,
    text: normaliseText(await readOptional(join(dir, 'Message.txt'))),
    html: normaliseText(await readOptional(join(dir, 'Message.html'))),
    attachments,
    embedded,
  };
}

function parseFields(text: string | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of (text ?? '').split('\n')) {
    const match = /^([^:\t][^:]*):\t+(.*)$/.exec(line);
    if (match) fields.set(match[1].trim(), match[2]);
  }
  return fields;
}

async function readOptional(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

async function filesUnder(dir: string): Promise<string[]> {
  const files: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name, 'en', { numeric: true }),
  );
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else files.push(path);
  }
  return files;
}

const PYPFF_DUMP = resolve(__dirname, 'pypff-dump.py');

interface DumpedMessage {
  folder?: string;
  subject: string | null;
  senderName: string | null;
  senderAddress: string | null;
  text?: string | null;
  body?: string | null;
  html: string | null;
  attachments: {
    name?: string | null;
    size?: number;
    sha256?: string;
    fnv?: string;
    error?: string;
    message?: DumpedMessage;
  }[];
}

function fromDump(dumped: DumpedMessage): ReadBackMessage {
  const attachments: ReadBackMessage['attachments'] = [];
  const embedded: ReadBackMessage[] = [];
  for (const attachment of dumped.attachments) {
    if (attachment.message) embedded.push(fromDump(attachment.message));
    else
      attachments.push({
        name: attachment.name ?? '',
        sha256: attachment.sha256 ?? '',
        ...(attachment.fnv === undefined ? {} : { fnv: attachment.fnv }),
        ...(attachment.error === undefined ? {} : { unreadable: attachment.error }),
      });
  }
  return {
    folder: dumped.folder ?? '',
    subject: dumped.subject ?? '',
    fromName: dumped.senderName ?? undefined,
    fromAddress: dumped.senderAddress ?? undefined,
    to: [],
    cc: [],
    bcc: [],
    text: normaliseText(dumped.text ?? dumped.body ?? undefined),
    html: normaliseText(dumped.html ?? undefined),
    attachments,
    embedded,
  };
}

function jsonLines(stdout: string): DumpedMessage[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DumpedMessage);
}

/**
 * Reads a PST with pypff, libpff's Python binding (Debian python3-pypff); recipients and dates
 * are not read, and an attached message only by the subject of its attachment.
 */
export async function readWithPypff(pstPath: string): Promise<ReadBackMessage[]> {
  const python = '/usr/bin/python3';
  try {
    await run(python, ['-c', 'import pypff']);
  } catch {
    throw new Error('pypff is not installed: apt-get install python3-pypff (npm test does this)');
  }
  const { stdout } = await run(python, [PYPFF_DUMP, pstPath], { maxBuffer: 256 * 1024 * 1024 });
  return jsonLines(stdout).map(fromDump);
}

/**
 * Reads a PST with Microsoft's outlook-pst crate (`pst-check --messages`): subject, sender,
 * bodies, attachments with their size and FNV-1a digest, attached messages with their own.
 */
export async function readWithOutlookPst(pstPath: string): Promise<ReadBackMessage[]> {
  const { stdout } = await run(await outlookPstCheckBinary(), ['--messages', pstPath], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return jsonLines(stdout).map(fromDump);
}
