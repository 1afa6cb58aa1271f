import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

import * as tar from 'tar-stream';

import {
  type ArchiveItem,
  placeOf,
  readMailboxArchive,
  UnreadableArchiveError,
} from './mailbox-archive';

const message = (subject: string) =>
  `From: ada@example.com\r\nSubject: ${subject}\r\n\r\nHello ${subject}\r\n`;

async function read(data: Buffer, maxMessageBytes = 1024 * 1024): Promise<ArchiveItem[]> {
  const items: ArchiveItem[] = [];
  // Small chunks, as an upload arrives.
  const chunks = [];
  for (let i = 0; i < data.length; i += 100) chunks.push(data.subarray(i, i + 100));
  for await (const item of readMailboxArchive(Readable.from(chunks), { maxMessageBytes }))
    items.push(item);
  return items;
}

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const subjects = (items: ArchiveItem[]) =>
  items.map((item) =>
    item.kind === 'message' ? /Subject: (.*)\r\n/.exec(item.raw.toString())?.[1] : item.reason,
  );

describe('readMailboxArchive', () => {
  it('reads an mbox file message by message, unescaping >From lines', async () => {
    const mbox = [
      'From ada@example.com Mon Jan  1 00:00:00 2024',
      message('one').replace('Hello one', 'Hello one\r\n>From the start'),
      'From ada@example.com Mon Jan  1 00:00:00 2024',
      message('two'),
    ].join('\n');
    const items = await read(Buffer.from(mbox));
    expect(subjects(items)).toEqual(['one', 'two']);
    expect(items[0].kind === 'message' && items[0].raw.toString()).toContain('\r\nFrom the start');
  });

  it('reads a Maildir in a tar, Maildir++ folders as folders, the top one as the inbox', async () => {
    const archive = await tarOf({
      'Maildir/cur/1.host:2,S': message('inbox'),
      'Maildir/.Work.Projects/new/2.host': message('project'),
      'Maildir/dovecot-uidlist': 'bookkeeping',
      'Maildir/notes.txt': 'not mail',
    });
    const items = await read(gzipSync(archive));
    expect(subjects(items)).toEqual(['inbox', 'project', 'not an .eml file or a Maildir message']);
    expect(items.map((item) => (item.kind === 'message' ? item.labels : item.entry))).toEqual([
      [],
      [['Work', 'Projects']],
      'Maildir/notes.txt',
    ]);
  });

  it('skips what is not mail and what is too large, with reasons, and reads the rest', async () => {
    const archive = await tarOf({
      'mail/a.eml': message('kept'),
      'mail/b.eml': 'just some text\r\n',
      'mail/c.eml': '',
      'mail/d.eml': message('x'.repeat(5_000)),
    });
    const items = await read(archive, 2_000);
    expect(subjects(items)).toEqual([
      'kept',
      'does not start with a mail header',
      'empty message',
      'larger than 0 MB',
    ]);
  });

  it('refuses a file that is no archive before reading any message', async () => {
    await expect(read(Buffer.from('%PDF-1.7 not mail'))).rejects.toThrow(UnreadableArchiveError);
    await expect(read(Buffer.alloc(0))).rejects.toThrow('The file is empty.');
  });
});

describe('placeOf', () => {
  it('places .eml files in their folders and Maildir files in their Maildir++ folder', () => {
    expect(placeOf('Work/Projects/a.eml')).toEqual({ folder: ['Work', 'Projects'] });
    expect(placeOf('a.EML')).toEqual({ folder: [] });
    expect(placeOf('Maildir/.Sent/cur/123:2,S')).toEqual({ folder: ['Sent'] });
    expect(placeOf('Maildir/tmp/123')).toBeUndefined();
    expect(placeOf('__MACOSX/._a.eml')).toBeUndefined();
  });
});
