import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

import { seededRandom } from './mailbox-fixtures';

/** What every reader should show of one message of the corpus. */
export interface ExpectedContent {
  subject: string;
  fromName?: string;
  fromAddress?: string;
  /** The plain-text body as the sender wrote it; undefined when there is none. */
  text?: string;
  /** A fragment the HTML body must contain; undefined when there is no HTML body. */
  htmlContains?: string;
  attachments: { name: string; content: Buffer }[];
  embedded: ExpectedContent[];
}

export interface CorpusMessage {
  /** What the generator meant to exercise; a failing message says which case broke. */
  feature: string;
  /** The message as an mbox holds it (without the `From ` separator line). */
  raw: Buffer;
  /** Folder paths (`a/b`) the message must be found in, in the order the writer adds them. */
  folders: string[];
  expected: ExpectedContent;
  /** The converter must say it repaired the message. */
  repaired?: boolean;
}

const crlf = (lines: (string | Buffer)[]): Buffer =>
  Buffer.concat(
    lines
      .flatMap((line) => [typeof line === 'string' ? Buffer.from(line, 'utf8') : line])
      .flatMap((line, i, all) => (i < all.length - 1 ? [line, Buffer.from('\r\n')] : [line])),
  );

const date = (i: number) => new Date(Date.UTC(2024, 0, 1 + (i % 300), 8 + (i % 10), i % 60, 0));
const file = (name: string, size: number, random: () => number) => ({
  name,
  content: Buffer.from(Array.from({ length: size }, () => Math.floor(random() * 256))),
});

async function compose(options: Mail.Options): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

type Generator = (i: number, random: () => number) => Promise<CorpusMessage>;

/** Labels become folders as Gmail's IMAP view shows them; Archived is a folder of its own. */
function labelled(labels: string, folders: string[]) {
  return { headers: { 'X-Gmail-Labels': labels }, folders };
}

const SUBJECT_STARTS = [
  'À réunion crème côté',
  'Élodie a écrit',
  'Über die Änderungen',
  'Ñandú y año',
  'Спасибо отчёт',
  'Жёлтый отчёт',
  '資料 確認',
  '東京 会議の件',
  '한국어 제목',
  'Ωmega σύνοψη',
];

const generators: Generator[] = [
  async (i) => {
    const subject = `Weekly status ${i}`;
    const { headers, folders } = labelled('Inbox,Opened', ['Inbox']);
    return {
      feature: 'plain ASCII',
      raw: await compose({
        from: '"Ann Lee" <ann@example.com>',
        to: 'bob@example.com',
        subject,
        date: date(i),
        text: `Status for week ${i}.\nAll good.`,
        headers,
      }),
      folders,
      expected: {
        subject,
        fromName: 'Ann Lee',
        fromAddress: 'ann@example.com',
        text: `Status for week ${i}.\nAll good.`,
        attachments: [],
        embedded: [],
      },
    };
  },
  async (i) => {
    const subject = `${SUBJECT_STARTS[i % SUBJECT_STARTS.length]} ${i}`;
    const { headers, folders } = labelled('Inbox', ['Inbox']);
    return {
      feature: 'subject starting with a non-ASCII letter (encoded words)',
      raw: await compose({
        from: '"Chloé Martin" <chloe@example.fr>',
        to: 'bob@example.com',
        subject,
        date: date(i),
        text: `${subject}\nCorps du message.`,
        headers,
      }),
      folders,
      expected: {
        subject,
        fromName: 'Chloé Martin',
        fromAddress: 'chloe@example.fr',
        text: `${subject}\nCorps du message.`,
        attachments: [],
        embedded: [],
      },
    };
  },
  async (i) => {
    const subject = `Grüße – raw UTF-8 header 😀 東京 ${i}`;
    return {
      feature: 'raw 8-bit UTF-8 headers (RFC 6532)',
      raw: crlf([
        'X-Gmail-Labels: Inbox',
        'From: Zoë Raw <zoe.raw@example.com>',
        'To: Bob Ng <bob@example.com>',
        `Subject: ${subject}`,
        `Date: ${date(i).toUTCString()}`,
        `Message-ID: <raw-utf8-${i}@example.com>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        `Straße und Grüße ${i} 😀`,
        '',
      ]),
      folders: ['Inbox'],
      expected: {
        subject,
        fromName: 'Zoë Raw',
        fromAddress: 'zoe.raw@example.com',
        text: `Straße und Grüße ${i} 😀`,
        attachments: [],
        embedded: [],
      },
    };
  },
  async (i) => {
    const declared = i % 2 === 0;
    const subject = `Café für Ärzte ${i}`;
    return {
      feature: declared
        ? 'raw 8-bit ISO-8859-1 headers, charset declared'
        : 'raw 8-bit Latin-1 headers, no charset declared',
      raw: crlf([
        'X-Gmail-Labels: Inbox',
        Buffer.from('From: Renée Dürr <renee@example.de>', 'latin1'),
        'To: bob@example.com',
        Buffer.from(`Subject: ${subject}`, 'latin1'),
        `Date: ${date(i).toUTCString()}`,
        'MIME-Version: 1.0',
        declared ? 'Content-Type: text/plain; charset=iso-8859-1' : 'Content-Type: text/plain',
        'Content-Transfer-Encoding: 8bit',
        '',
        Buffer.from(declared ? `Grüße aus Köln ${i}` : `Plain body ${i}`, 'latin1'),
        '',
      ]),
      folders: ['Inbox'],
      expected: {
        subject,
        fromName: 'Renée Dürr',
        fromAddress: 'renee@example.de',
        text: declared ? `Grüße aus Köln ${i}` : `Plain body ${i}`,
        attachments: [],
        embedded: [],
      },
    };
  },
  async (i) => {
    // 件名 (subject) and 日本語の本文です (Japanese body text) in Shift_JIS.
    const subjectWord = `=?Shift_JIS?B?${Buffer.from('8c8f96bc', 'hex').toString('base64')}?=`;
    return {
      feature: 'ISO-8859-1 and Shift_JIS encoded words',
      raw: crlf([
        'X-Gmail-Labels: Inbox',
        'From: =?ISO-8859-1?Q?Andr=E9_L=E9ger?= <andre@example.fr>',
        'To: bob@example.com',
        `Subject: ${subjectWord} =?ISO-8859-1?Q?r=E9sum=E9_?= ${i}`,
        `Date: ${date(i).toUTCString()}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=Shift_JIS',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('93fa967b8cea82cc967b95b682c582b7', 'hex').toString('base64'),
        '',
      ]),
      folders: ['Inbox'],
      expected: {
        subject: `件名résumé  ${i}`,
        fromName: 'André Léger',
        fromAddress: 'andre@example.fr',
        text: '日本語の本文です',
        attachments: [],
        embedded: [],
      },
    };
  },
  async (i, random) => {
    const data = file(`report-${i}.bin`, 600, random);
    const { headers, folders } = labelled('Inbox', ['Inbox']);
    return {
      feature: 'empty (0-byte) attachment',
      raw: await compose({
        from: 'carl@example.com',
        to: 'bob@example.com',
        subject: `Files ${i}`,
        date: date(i),
        text: 'Two files attached.',
        attachments: [
          { filename: `empty-${i}.txt`, content: Buffer.alloc(0) },
          { filename: data.name, content: data.content },
        ],
        headers,
      }),
      folders,
      expected: {
        subject: `Files ${i}`,
        fromAddress: 'carl@example.com',
        text: 'Two files attached.',
        attachments: [{ name: `empty-${i}.txt`, content: Buffer.alloc(0) }, data],
        embedded: [],
      },
    };
  },
  async (i) => {
    const variant = i % 3;
    const lines = [
      'X-Gmail-Labels: Inbox',
      'From: fay@example.com',
      'To: bob@example.com',
      `Subject: Empty body ${i}`,
      `Date: ${date(i).toUTCString()}`,
      ...(variant === 0 ? [] : ['MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8']),
      '',
      ...(variant === 2 ? [''] : []),
    ];
    return {
      feature: 'empty body',
      raw: crlf(lines),
      folders: ['Inbox'],
      expected: {
        subject: `Empty body ${i}`,
        fromAddress: 'fay@example.com',
        attachments: [],
        embedded: [],
      },
    };
  },
  async (i, random) => {
    const data = file(`scan-${i}.pdf`, 900, random);
    return {
      feature: 'empty body with an attachment',
      raw: await compose({
        from: 'fay@example.com',
        to: 'bob@example.com',
        subject: `Scan ${i}`,
        date: date(i),
        text: '',
        attachments: [{ filename: data.name, content: data.content }],
      }),
      folders: ['Inbox'],
      expected: {
        subject: `Scan ${i}`,
        fromAddress: 'fay@example.com',
        attachments: [data],
        embedded: [],
      },
    };
  },
  async (i, random) => {
    const inside = file(`inside-${i}.dat`, 400, random);
    const deeper = i % 2 === 0;
    const innermost = await compose({
      from: 'gil@example.com',
      to: 'eve@example.com',
      subject: `Innermost ${i}`,
      date: date(i),
      text: `innermost body ${i}`,
    });
    const inner = await compose({
      from: '"Eve Adams" <eve@example.com>',
      to: 'dana@example.com',
      subject: `The original ${i}`,
      date: date(i),
      text: `original body ${i}`,
      attachments: [
        { filename: inside.name, content: inside.content },
        ...(deeper
          ? [
              {
                filename: 'innermost.eml',
                contentType: 'message/rfc822',
                contentDisposition: 'attachment' as const,
                content: innermost,
              },
            ]
          : []),
      ],
    });
    const disposition = (['attachment', 'inline', undefined] as const)[i % 3];
    const outer = await compose({
      from: 'dana@example.com',
      to: 'bob@example.com',
      subject: `Fwd: The original ${i}`,
      date: date(i),
      text: 'Forwarding the original.',
      attachments: [
        {
          filename: 'original.eml',
          contentType: 'message/rfc822',
          contentDisposition: disposition,
          content: inner,
        },
      ],
      headers: { 'X-Gmail-Labels': 'Inbox' },
    });
    return {
      feature: `attached message/rfc822 with its own attachment (disposition ${disposition ?? 'none'}${deeper ? ', nested twice' : ''})`,
      raw: outer,
      folders: ['Inbox'],
      expected: {
        subject: `Fwd: The original ${i}`,
        fromAddress: 'dana@example.com',
        text: 'Forwarding the original.',
        attachments: [],
        embedded: [
          {
            subject: `The original ${i}`,
            fromName: 'Eve Adams',
            fromAddress: 'eve@example.com',
            text: `original body ${i}`,
            attachments: [inside],
            embedded: deeper
              ? [
                  {
                    subject: `Innermost ${i}`,
                    fromAddress: 'gil@example.com',
                    text: `innermost body ${i}`,
                    attachments: [],
                    embedded: [],
                  },
                ]
              : [],
          },
        ],
      },
    };
  },
  async (i, random) => {
    const logo = file(`logo-${i}.png`, 300, random);
    const { headers, folders } = labelled('Inbox,Important', ['Inbox']);
    return {
      feature: 'inline image by Content-ID',
      raw: await compose({
        from: 'news@example.com',
        to: 'bob@example.com',
        subject: `Newsletter ${i}`,
        date: date(i),
        text: `Newsletter ${i} in plain text`,
        html: `<p>Newsletter ${i} <img src="cid:logo-${i}@example.com"></p>`,
        attachments: [{ filename: logo.name, content: logo.content, cid: `logo-${i}@example.com` }],
        headers,
      }),
      folders,
      expected: {
        subject: `Newsletter ${i}`,
        fromAddress: 'news@example.com',
        text: `Newsletter ${i} in plain text`,
        htmlContains: `cid:logo-${i}@example.com`,
        attachments: [logo],
        embedded: [],
      },
    };
  },
  async (i) => {
    const variant = i % 3;
    const contentType = [
      'Content-Type: multipart/mixed; boundary="declared-boundary"',
      'Content-Type: multipart/mixed',
      'Content-Type: multipart/alternative; boundary="never-used"',
    ][variant];
    const body =
      variant === 2
        ? [`Body text ${i} that sits in a multipart without parts.`]
        : [
            '--actual-boundary',
            'Content-Type: text/plain; charset=utf-8',
            '',
            `Body text ${i} behind a wrong boundary.`,
            '--actual-boundary--',
          ];
    return {
      feature: [
        'multipart with a wrong boundary',
        'multipart without boundary',
        'multipart without parts',
      ][variant],
      raw: crlf([
        'X-Gmail-Labels: Inbox',
        'From: broken@example.com',
        'To: bob@example.com',
        `Subject: Malformed ${i}`,
        `Date: ${date(i).toUTCString()}`,
        'MIME-Version: 1.0',
        contentType,
        '',
        ...body,
        '',
      ]),
      folders: ['Inbox'],
      expected: {
        subject: `Malformed ${i}`,
        fromAddress: 'broken@example.com',
        text:
          variant === 2
            ? `Body text ${i} that sits in a multipart without parts.`
            : `Body text ${i} behind a wrong boundary.`,
        attachments: [],
        embedded: [],
      },
      repaired: true,
    };
  },
  async (i) => {
    // Takeout can hold one Message-ID twice, e.g. a message and its copy under another label.
    const { headers, folders } = labelled(i % 2 === 0 ? 'Work' : 'Inbox', [
      i % 2 === 0 ? 'Work' : 'Inbox',
    ]);
    return {
      feature: 'duplicate Message-ID across labels',
      raw: await compose({
        from: 'dup@example.com',
        to: 'bob@example.com',
        subject: `Same id ${Math.floor(i / 2)} copy ${i % 2}`,
        messageId: `<duplicate-${Math.floor(i / 2)}@example.com>`,
        date: date(i),
        text: `copy ${i % 2}`,
        headers,
      }),
      folders,
      expected: {
        subject: `Same id ${Math.floor(i / 2)} copy ${i % 2}`,
        fromAddress: 'dup@example.com',
        text: `copy ${i % 2}`,
        attachments: [],
        embedded: [],
      },
    };
  },
  async (i) => {
    const deep = 'Projects/2024/Q1/Clients/Acme/Contracts/Drafts/Old';
    const { headers, folders } = labelled(`Inbox,"${deep}",Privé/Été ${i % 3}`, [
      'Inbox',
      deep,
      `Privé/Été ${i % 3}`,
    ]);
    return {
      feature: 'deeply nested and several labels',
      raw: await compose({
        from: 'pm@example.com',
        to: 'bob@example.com',
        subject: `Contract draft ${i}`,
        date: date(i),
        text: `draft ${i}`,
        headers,
      }),
      folders,
      expected: {
        subject: `Contract draft ${i}`,
        fromAddress: 'pm@example.com',
        text: `draft ${i}`,
        attachments: [],
        embedded: [],
      },
    };
  },
  async (i) => {
    const subject =
      i % 2 === 0
        ? `Long subject ${i} ${'with many words that keep going '.repeat(30)}end`
        : `長い件名 ${i} ${'とても長い日本語の件名です'.repeat(25)}`;
    const references = Array.from({ length: 150 }, (_, n) => `<ref-${i}-${n}@example.com>`).join(
      ' ',
    );
    const recipients = Array.from({ length: 60 }, (_, n) => `person${n}@example.com`).join(', ');
    return {
      feature: 'very long subject and header lines',
      raw: crlf([
        'X-Gmail-Labels: Inbox',
        'From: long@example.com',
        `To: ${recipients}`,
        `Subject: ${subject}`,
        `References: ${references}`,
        `X-Long-Header: ${'x'.repeat(4000)}`,
        `Date: ${date(i).toUTCString()}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        `long headers ${i}`,
        '',
      ]),
      folders: ['Inbox'],
      expected: {
        subject,
        fromAddress: 'long@example.com',
        text: `long headers ${i}`,
        attachments: [],
        embedded: [],
      },
    };
  },
  async (i) => {
    const variant = i % 3;
    const { headers, folders } = labelled(
      ['Archived', 'Archived,Opened', 'Archived,Travel'][variant],
      [['Archived'], ['Archived'], ['Archived', 'Travel']][variant],
    );
    return {
      feature: 'Gmail Archived label',
      raw: await compose({
        from: 'old@example.com',
        to: 'bob@example.com',
        subject: `Archived thread ${i}`,
        date: date(i),
        text: `archived ${i}`,
        headers,
      }),
      folders,
      expected: {
        subject: `Archived thread ${i}`,
        fromAddress: 'old@example.com',
        text: `archived ${i}`,
        attachments: [],
        embedded: [],
      },
    };
  },
  async (i) => {
    const { headers, folders } = labelled('Sent', ['Sent Items']);
    return {
      feature: 'HTML only, non-BMP characters',
      raw: await compose({
        from: '"Bob 🎉 Ng" <bob@example.com>',
        to: 'ann@example.com',
        subject: `Party 🎉 ${i} 𝄞`,
        date: date(i),
        html: `<p>Party time 🎉 ${i}</p>`,
        headers,
      }),
      folders,
      expected: {
        subject: `Party 🎉 ${i} 𝄞`,
        fromName: 'Bob 🎉 Ng',
        fromAddress: 'bob@example.com',
        htmlContains: `Party time 🎉 ${i}`,
        attachments: [],
        embedded: [],
      },
    };
  },
];

/**
 * A mailbox shaped like real-world Gmail Takeout mail, for testing every reader on what the
 * converter and writer make of it: each case of issue 19, `count` messages in all, always the
 * same for a seed. Small on purpose (about 1 MB for 400 messages), so the test stays fast.
 */
export async function mimeCorpus(count = 400, seed = 19): Promise<CorpusMessage[]> {
  const random = seededRandom(seed);
  const messages: CorpusMessage[] = [];
  for (let i = 0; i < count; i++) messages.push(await generators[i % generators.length](i, random));
  return messages;
}

/** The corpus as an mbox file (mboxrd: body lines starting with `From ` are quoted). */
export function corpusMbox(messages: CorpusMessage[]): Buffer {
  return Buffer.concat(
    messages.flatMap(({ raw }, i) => [
      Buffer.from(`From corpus-${i}@example.com Mon Jan  1 00:00:00 2024\n`),
      Buffer.from(raw.toString('latin1').replace(/^(>*From )/gm, '>$1'), 'latin1'),
      Buffer.from('\n'),
    ]),
  );
}
