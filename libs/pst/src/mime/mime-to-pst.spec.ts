import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { gmailLabels, readMbox } from './mailbox-sources';
import { convertMimeMessage } from './mime-to-pst';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

/**
 * "see below" forwarding b@example.com's message "original" as a message/rfc822 part: the
 * part's own headers, then the rest of the forwarded message after its From and Subject.
 */
const forwarding = (partHeaders: string[], original: string[]) =>
  crlf([
    'From: a@example.com',
    'Subject: Fwd: original',
    'Content-Type: multipart/mixed; boundary="m"',
    '',
    '--m',
    'Content-Type: text/plain',
    '',
    'see below',
    '--m',
    'Content-Type: message/rfc822',
    ...partHeaders,
    '',
    'From: b@example.com',
    'Subject: original',
    ...original,
    '--m--',
    '',
  ]);

describe('convertMimeMessage', () => {
  it('decodes encoded words, charsets and RFC 2231 file names', async () => {
    const raw = crlf([
      'From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.com>',
      'To: "Group": a@example.com, b@example.com;, =?UTF-8?B?w4lsb2RpZQ==?= <elodie@example.com>',
      'Subject: =?UTF-8?B?UmU6IGNhZsOpIOKYlQ==?=',
      'Date: Tue, 02 Jan 2024 10:00:00 +0100',
      'Message-ID: <m1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=iso-8859-2',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Za=BFó=B3=E6 g=EA=B6l=B1 ja=BC=F1',
      '--b',
      'Content-Type: application/pdf',
      "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E5%B1%A5%E6%AD%B4.pdf",
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0=',
      '--b--',
      '',
    ]);
    const { message, warnings } = await convertMimeMessage(raw);
    expect(warnings).toEqual([]);
    expect(message.subject).toBe('Re: café ☕');
    expect(message.from).toEqual({ name: 'André', address: 'andre@example.com' });
    expect(message.recipients).toEqual([
      { kind: 'to', address: 'a@example.com' },
      { kind: 'to', address: 'b@example.com' },
      { kind: 'to', name: 'Élodie', address: 'elodie@example.com' },
    ]);
    expect(message.sentAt?.toISOString()).toBe('2024-01-02T09:00:00.000Z');
    expect(message.internetMessageId).toBe('<m1@example.com>');
    expect(message.textBody?.trim()).toBe('Zażółć gęślą jaźń');
    expect(message.attachments).toEqual([
      expect.objectContaining({
        fileName: 'résumé 履歴.pdf',
        mimeType: 'application/pdf',
        content: Buffer.from('%PDF-'),
      }),
    ]);
    expect(message.transportHeaders).toContain('Message-ID: <m1@example.com>');
  });

  it('keeps both bodies of multipart/alternative and inline images with their Content-ID', async () => {
    const raw = crlf([
      'From: a@example.com',
      'Subject: html',
      'Content-Type: multipart/related; boundary="r"',
      '',
      '--r',
      'Content-Type: multipart/alternative; boundary="a"',
      '',
      '--a',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'plain version',
      '--a',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>html version <img src="cid:img1@x"></p>',
      '--a--',
      '--r',
      'Content-Type: image/png',
      'Content-ID: <img1@x>',
      'Content-Disposition: inline; filename=logo.png',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--r--',
      '',
    ]);
    const { message } = await convertMimeMessage(raw);
    expect(message.textBody?.trim()).toBe('plain version');
    expect(message.htmlBody).toContain('cid:img1@x');
    expect(message.attachments).toEqual([
      expect.objectContaining({ fileName: 'logo.png', contentId: 'img1@x', inline: true }),
    ]);
  });

  it('turns an attached message/rfc822 into an embedded message', async () => {
    const raw = forwarding([], ['', 'original body']);
    const { message } = await convertMimeMessage(raw);
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments?.[0].message).toMatchObject({
      subject: 'original',
      from: { address: 'b@example.com' },
      textBody: expect.stringContaining('original body'),
    });
  });

  it('decodes raw 8-bit headers as UTF-8 when valid, else the declared charset, else Latin-1', async () => {
    const utf8 = Buffer.from(
      'From: Zoë Raw <zoe@example.com>\r\nSubject: Grüße – raw UTF-8 😀 東京\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nx\r\n',
    );
    const declared = Buffer.concat([
      Buffer.from('From: Zo\xe9 <z@example.com>\r\nSubject: \xc0 r\xe9union\r\n', 'latin1'),
      Buffer.from('Content-Type: text/plain; charset=windows-1252\r\n\r\nx\r\n'),
    ]);
    const undeclared = Buffer.from('Subject: Caf\xe9\r\n\r\nx\r\n', 'latin1');
    const converted = await Promise.all(
      [utf8, declared, undeclared].map((raw) => convertMimeMessage(raw)),
    );
    expect(converted.map(({ message }) => message.subject)).toEqual([
      'Grüße – raw UTF-8 😀 東京',
      'À réunion',
      'Café',
    ]);
    expect(converted[0].message.from).toEqual({ name: 'Zoë Raw', address: 'zoe@example.com' });
    expect(converted[1].message.from?.name).toBe('Zoé');
    // readpst shows the transport headers: they must not be Latin-1 mojibake of UTF-8.
    expect(converted[0].message.transportHeaders).toContain(
      'Subject: Grüße – raw UTF-8 😀 東京\r\n',
    );
    expect(converted[1].message.transportHeaders).toContain('Subject: À réunion\r\n');
  });

  it('turns a message/rfc822 part into an attached message even when it is marked inline', async () => {
    const raw = forwarding(
      ['Content-Disposition: inline'],
      [
        'Content-Type: multipart/mixed; boundary="i"',
        '',
        '--i',
        'Content-Type: text/plain',
        '',
        'original body',
        '--i',
        'Content-Type: text/plain',
        'Content-Disposition: attachment; filename=inside.txt',
        '',
        'inside',
        '--i--',
      ],
    );
    const { message } = await convertMimeMessage(raw);
    expect(message.textBody?.trim()).toBe('see below');
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments?.[0].message).toMatchObject({
      subject: 'original',
      textBody: expect.stringContaining('original body'),
      attachments: [expect.objectContaining({ fileName: 'inside.txt' })],
    });
  });

  it('repairs a multipart whose boundary is wrong, and says so', async () => {
    const raw = crlf([
      'From: a@example.com',
      'Subject: broken',
      'Content-Type: multipart/mixed; boundary="declared"',
      '',
      '--actual',
      'Content-Type: text/plain',
      '',
      'the body text',
      '--actual--',
      '',
    ]);
    const { message, warnings } = await convertMimeMessage(raw);
    expect(message.textBody?.trim()).toBe('the body text');
    expect(warnings).toEqual([
      expect.stringMatching(/^repaired: boundary "declared" not in the body/),
    ]);
  });

  it('keeps a message it cannot parse, as plain text with a warning', async () => {
    const raw = Buffer.from('this is not a mail message\r\nat all\r\n');
    const { message, warnings } = await convertMimeMessage(raw);
    expect(message.textBody).toBe('this is not a mail message\r\nat all\r\n');
    expect(warnings).toEqual([expect.stringContaining('kept as plain text')]);
  });
});

describe('mailbox sources', () => {
  it('maps Gmail labels to folders, leaving out states and categories', () => {
    const raw = Buffer.from(
      'X-Gmail-Labels: Inbox,Opened,"Work/Projects, 2024",Category Updates,Sent,Unread\r\nSubject: x\r\n\r\nbody',
    );
    expect(gmailLabels(raw)).toEqual([['Inbox'], ['Work', 'Projects, 2024'], ['Sent Items']]);
  });

  it('puts archived mail in Archived, next to the folders of its other labels', () => {
    const labels = (value: string) => gmailLabels(Buffer.from(`X-Gmail-Labels: ${value}\r\n\r\n`));
    expect(labels('Archived')).toEqual([['Archived']]);
    expect(labels('Archived,Opened')).toEqual([['Archived']]);
    expect(labels('Archived,Travel')).toEqual([['Archived'], ['Travel']]);
  });

  it('decodes labels written as encoded words, before splitting them', () => {
    const raw = Buffer.from(
      'X-Gmail-Labels: =?UTF-8?Q?Inbox=2C=22Work/A=2C_B=22=2CPriv=C3=A9/?=\r\n =?UTF-8?Q?=C3=89t=C3=A9?=\r\n\r\n',
    );
    expect(gmailLabels(raw)).toEqual([['Inbox'], ['Work', 'A, B'], ['Privé', 'Été']]);
  });

  it('reads an mbox message by message and unescapes >From lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mbox-'));
    try {
      const path = join(dir, 'mail.mbox');
      writeFileSync(
        path,
        [
          'From a@example.com Mon Jan  1 00:00:00 2024',
          'Subject: one',
          '',
          '>From the start',
          '',
          'From b@example.com Mon Jan  1 00:00:00 2024',
          'Subject: two',
          'X-Gmail-Labels: Archive',
          '',
          'second',
          '',
        ].join('\n'),
      );
      const messages = [];
      for await (const message of readMbox(path)) messages.push(message);
      expect(messages.map((m) => m.raw.toString())).toEqual([
        'Subject: one\r\n\r\nFrom the start\r\n',
        'Subject: two\r\nX-Gmail-Labels: Archive\r\n\r\nsecond\r\n',
      ]);
      expect(messages[1].labels).toEqual([['Archive']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
