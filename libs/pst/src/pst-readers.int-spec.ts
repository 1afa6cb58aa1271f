import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { MailboxEntry } from './messaging/model';
import { writePst, writePstToStream } from './pst-writer';
import { expectedReadBack, variedMailbox } from './testing/mailbox-fixtures';
import { walkWithOutlookPst } from './testing/outlook-pst-check';
import {
  type ReadBackMessage,
  readWithOutlookPst,
  readWithPffexport,
  readWithPypff,
  readWithReadpst,
} from './testing/read-back';
import { validatePst } from './validate/validate-pst';

/**
 * Files the writer produces, read back by two independent readers (libpst's readpst and libpff's
 * pffexport) and by our strict validator, and compared message by message with the input.
 */
describe('PST files read back by readpst and pffexport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const byKey = (messages: ReadBackMessage[]) =>
    [...messages].sort((a, b) =>
      `${a.folder}|${a.subject}`.localeCompare(`${b.folder}|${b.subject}`),
    );

  it('keeps every field of a varied mailbox, in both readers', async () => {
    const mailbox = variedMailbox();
    const path = join(dir, 'varied.pst');
    await writePst(path, mailbox);
    expect(validatePst(path).problems).toEqual([]);
    const expected = (recipientsAs: 'address' | 'display name') =>
      byKey(mailbox.map(({ folder, message }) => expectedReadBack(folder, message!, recipientsAs)));

    const fromReadpst = byKey(await readWithReadpst(path, join(dir, 'readpst')));
    expect(fromReadpst.map(forReadpst)).toEqual(expected('display name').map(forReadpst));

    const fromPff = byKey(await readWithPffexport(path, join(dir, 'pff')));
    expect(fromPff.map(forPffexport)).toEqual(expected('address').map(forPffexport));

    const walk = await walkWithOutlookPst(path);
    const sum = (count: (m: NonNullable<MailboxEntry['message']>) => number) =>
      mailbox.reduce((total, { message }) => total + count(message!), 0);
    expect(walk).toMatchObject({
      messages: mailbox.length,
      recipients: sum((m) => m.recipients?.length ?? 0),
      attachments: sum((m) => m.attachments?.length ?? 0),
    });
    expect(walk.folders).toEqual(
      expect.arrayContaining([{ path: 'Inbox/Projects/Ünïcode ☃ folder', messages: 1 }]),
    );
  });
});

/**
 * readpst shows To/Cc/Bcc as display names, calls a sender-less message's sender MAILER-DAEMON
 * and orders attachments its own way.
 */
function forReadpst(message: ReadBackMessage): unknown {
  return {
    ...message,
    messageId: undefined,
    fromName: message.fromAddress === undefined ? undefined : message.fromName,
    attachments: [...message.attachments].sort((a, b) => a.name.localeCompare(b.name)),
    embedded: message.embedded.map(forReadpst),
  };
}

/**
 * pffexport writes no Content-ID, and libpff 20180714 decodes characters outside the Basic
 * Multilingual Plane (emoji) wrongly although the UTF-16 pairs are right (readpst reads them);
 * such characters are compared as one placeholder.
 */
function forPffexport(message: ReadBackMessage): unknown {
  const bmp = (text: string | undefined) => text?.replace(/[\u{10000}-\u{10ffff}]/gu, '\u{fffd}');
  return {
    ...message,
    subject: bmp(message.subject),
    text: bmp(message.text),
    html: bmp(message.html),
    attachments: message.attachments
      .map(({ name, sha256 }) => ({ name, sha256 }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    embedded: message.embedded.map((embedded) => forPffexport({ ...embedded, folder: '' })),
  };
}

describe('PST files of unusual shapes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes, then checks with the validator, Microsoft's crate, readpst and pffexport. */
  async function writeAndOpenEverywhere(entries: MailboxEntry[]) {
    const path = join(dir, 'mailbox.pst');
    await writePst(path, entries);
    expect(validatePst(path).problems).toEqual([]);
    const walk = await walkWithOutlookPst(path);
    const readpst = await readWithReadpst(path, join(dir, 'readpst'));
    const pff = await readWithPffexport(path, join(dir, 'pff'));
    return { walk, readpst, pff };
  }

  it('writes an empty mailbox that every reader opens', async () => {
    const { walk, readpst, pff } = await writeAndOpenEverywhere([]);
    expect(walk.messages).toBe(0);
    expect(walk.folders.map((f) => f.path)).toEqual(['', 'Deleted Items']);
    expect(readpst).toEqual([]);
    expect(pff).toEqual([]);
  });

  it('keeps a folder with no messages', async () => {
    const { walk } = await writeAndOpenEverywhere([{ folder: ['Empty ∅'] }]);
    expect(walk.folders).toContainEqual({ path: 'Empty ∅', messages: 0 });
  });

  it('nests folders ten levels deep', async () => {
    const path = Array.from({ length: 10 }, (_, i) => `Level ${i + 1}`);
    const { walk, readpst, pff } = await writeAndOpenEverywhere([
      {
        folder: path,
        message: { subject: 'At the bottom', textBody: 'deep', sentAt: new Date(0) },
      },
    ]);
    expect(walk.folders).toContainEqual({ path: path.join('/'), messages: 1 });
    expect(readpst.map((m) => [m.folder, m.subject])).toEqual([[path.join('/'), 'At the bottom']]);
    expect(pff.map((m) => [m.folder, m.subject])).toEqual([[path.join('/'), 'At the bottom']]);
  });

  it('keeps Internet headers and message ids', async () => {
    const headers =
      'Received: from mx.example.com; Mon, 1 Jan 2024 00:00:00 +0000\r\nX-Spam-Score: 0.1\r\n';
    const path = join(dir, 'headers.pst');
    await writePst(path, [
      {
        folder: ['Inbox'],
        message: {
          subject: 'With headers',
          internetMessageId: '<m-42@example.com>',
          transportHeaders: headers,
          textBody: 'x',
        },
      },
    ]);
    await readWithPffexport(path, join(dir, 'pff'));
    const exported = join(
      dir,
      'pff.export',
      'Top of Personal Folders',
      'Inbox',
      'Message00001',
      'InternetHeaders.txt',
    );
    expect((await readFile(exported, 'utf8')).replace(/\r\n/g, '\n')).toBe(
      headers.replace(/\r\n/g, '\n'),
    );
    const [fromReadpst] = await readWithReadpst(path, join(dir, 'readpst'));
    expect(fromReadpst.messageId).toBe('<m-42@example.com>');
  });

  it('splits a mailbox into parts at a size, each a complete PST', async () => {
    const big = Buffer.alloc(400_000, 1);
    const entries: MailboxEntry[] = Array.from({ length: 6 }, (_, i) => ({
      folder: ['Inbox'],
      message: { subject: `Part message ${i}`, attachments: [{ fileName: 'a.bin', content: big }] },
    }));
    const parts = await writePst(join(dir, 'split.pst'), entries, {
      split: { maxBytes: 1_000_000, pathOfPart: (n) => join(dir, `split-${n}.pst`) },
    });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.reduce((sum, part) => sum + part.messages, 0)).toBe(6);
    for (const part of parts) {
      expect(validatePst(part.path).problems).toEqual([]);
      expect((await walkWithOutlookPst(part.path)).messages).toBe(part.messages);
    }
  });
});

/** The writer's side of issue 19, each case read by the readers that got it wrong before. */
describe('PST files that every reader reads the same', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const subjects = ['À réunion crème côté', 'Спасибо отчёт', '資料 確認', 'Re: Ünïcode', 'plain'];

  it('keeps the first letter of a subject that starts outside ASCII, in every reader', async () => {
    const path = join(dir, 'subjects.pst');
    await writePst(
      path,
      subjects.map((subject) => ({ folder: ['Inbox'], message: { subject, textBody: 'x' } })),
    );
    const read = [
      await readWithReadpst(path, join(dir, 'readpst')),
      await readWithPffexport(path, join(dir, 'pff')),
      await readWithPypff(path),
      await readWithOutlookPst(path),
    ];
    for (const messages of read) expect(messages.map((m) => m.subject)).toEqual(subjects);
  });

  it('keeps an empty attachment, and gives a message with an empty body none', async () => {
    const path = join(dir, 'empty.pst');
    await writePst(path, [
      {
        folder: ['Inbox'],
        message: {
          subject: 'with an empty file',
          textBody: 'see the files',
          attachments: [
            { fileName: 'empty.txt', mimeType: 'text/plain', content: Buffer.alloc(0) },
            { fileName: 'one.txt', content: Buffer.from('1') },
          ],
        },
      },
      { folder: ['Inbox'], message: { subject: 'empty body', from: { address: 'a@example.com' } } },
      { folder: ['Inbox'], message: { subject: 'empty text', textBody: '' } },
    ]);
    expect(validatePst(path).problems).toEqual([]);
    const names = (messages: ReadBackMessage[]) =>
      messages.map((m) => m.attachments.map((a) => `${a.name}:${a.sha256 || a.fnv}`).sort());
    const emptySha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const oneSha = '6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b';
    const expected = [[`empty.txt:${emptySha}`, `one.txt:${oneSha}`], [], []];
    expect(names(await readWithReadpst(path, join(dir, 'readpst')))).toEqual(expected);
    expect(names(await readWithPffexport(path, join(dir, 'pff')))).toEqual(expected);
    expect(names(await readWithPypff(path))).toEqual(expected);
    expect(names(await readWithOutlookPst(path))).toEqual([
      ['empty.txt:cbf29ce484222325', 'one.txt:af63ac4c86019afc'],
      [],
      [],
    ]);
  });

  /**
   * Characters outside the BMP are written as UTF-16 surrogate pairs. readpst and Microsoft's
   * crate (which decodes strictly: a broken pair fails) read them back exactly; libpff 20180714
   * (pffexport, pypff) reads every one of them 0x3FF too low, the same offset for every
   * character, which a wrong pair in the file could not produce. The bug is libpff's.
   */
  it("writes characters outside the BMP as UTF-16 that readpst and Microsoft's crate read exactly", async () => {
    const subject = 'Party 🎉 𝄞 😀';
    const text = 'emoji 🎉 in the body';
    const path = join(dir, 'non-bmp.pst');
    await writePst(path, [{ folder: ['Inbox'], message: { subject, textBody: text } }]);
    for (const [message] of [
      await readWithReadpst(path, join(dir, 'readpst')),
      await readWithOutlookPst(path),
    ]) {
      expect(message).toMatchObject({ subject, text });
    }
    const libpffReading = (value: string) =>
      [...value]
        .map((c) =>
          String.fromCodePoint(c.codePointAt(0)! - (c.codePointAt(0)! > 0xffff ? 0x3ff : 0)),
        )
        .join('');
    for (const [message] of [
      await readWithPffexport(path, join(dir, 'pff')),
      await readWithPypff(path),
    ]) {
      expect(message).toMatchObject({ subject: libpffReading(subject), text: libpffReading(text) });
    }
  });
});

describe('a folder of 100,000 messages', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-large-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * libpff is left out here: pffinfo alone needs minutes on a folder this size (it builds its
   * item tree in quadratic time), so the smaller mailboxes above are where it checks content.
   */
  it("is valid, and Microsoft's crate and readpst read every message", async () => {
    const count = 100_000;
    function* messages(): Generator<MailboxEntry> {
      for (let i = 0; i < count; i++) {
        yield {
          folder: ['Inbox'],
          message: {
            subject: `Message ${i}`,
            from: { address: 'a@example.com' },
            textBody: `body ${i}`,
            sentAt: new Date(i * 1000),
          },
        };
      }
    }
    const path = join(dir, 'large.pst');
    const [part] = await writePst(path, messages());
    expect(part.messages).toBe(count);
    expect(validatePst(path).problems).toEqual([]);
    const walk = await walkWithOutlookPst(path);
    expect(walk.folders).toContainEqual({ path: 'Inbox', messages: count });
    const { stdout } = await promisify(execFile)('sh', [
      '-c',
      `mkdir -p "$1" && readpst -j 0 -q -o "$1" "$2" && grep -c '^From ' "$1"/Inbox.mbox`,
      'sh',
      join(dir, 'readpst'),
      path,
    ]);
    expect(Number(stdout.trim())).toBe(count);
  }, 300_000);
});

describe('writePstToStream', () => {
  it('streams a complete PST and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pst-stream-'));
    try {
      const scratch = join(dir, 'scratch');
      await mkdir(scratch);
      const path = join(dir, 'streamed.pst');
      const part = await writePstToStream(createWriteStream(path), variedMailbox(), {
        temporaryDirectory: scratch,
      });
      expect(part.messages).toBe(variedMailbox().length);
      expect((await stat(path)).size).toBe(part.bytes);
      expect(validatePst(path).problems).toEqual([]);
      expect((await walkWithOutlookPst(path)).messages).toBe(part.messages);
      expect(await readdir(scratch)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
