import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

import { type RawMessage, readMbox } from './mime/mailbox-sources';
import { mimeMailboxEntries } from './mime/mime-mailbox';
import { writePst } from './pst-writer';
import { checkCorpus, libpffNonBmp, type ReaderAbilities } from './testing/corpus-check';
import { corpusMbox, mimeCorpus } from './testing/mime-corpus';
import { walkWithOutlookPst } from './testing/outlook-pst-check';
import {
  type ReadBackMessage,
  readWithOutlookPst,
  readWithPffexport,
  readWithPypff,
  readWithReadpst,
  sha256,
} from './testing/read-back';
import { validatePst } from './validate/validate-pst';

/** MIME messages as a real mail library builds them, through the converter and writer, read back. */
const MESSAGES: (Mail.Options & { label: string })[] = [
  {
    label: 'Inbox',
    from: '"Zoë Ångström" <zoe@example.com>',
    to: '"Bob Ng" <bob@example.com>',
    subject: 'Grüße — 你好 — שלום',
    date: new Date('2024-03-01T08:00:00Z'),
    text: 'Unicode plain text: naïve café 日本語',
    html: '<p>Unicode HTML: naïve café 日本語</p>',
  },
  {
    label: 'Inbox',
    from: 'ann@example.com',
    to: 'bob@example.com',
    subject: 'Inline image and attachments',
    date: new Date('2024-03-02T08:00:00Z'),
    html: '<p>logo <img src="cid:logo@example.com"></p>',
    attachments: [
      {
        filename: 'logo.png',
        content: Buffer.from('89504e470d0a1a0a0102030405', 'hex'),
        cid: 'logo@example.com',
      },
      { filename: 'Überweisung 履歴.pdf', content: Buffer.alloc(50_000, 0x25) },
      {
        filename: 'data.bin',
        content: Buffer.from(Array.from({ length: 9000 }, (_, i) => (i * 31) % 256)),
      },
    ],
  },
  {
    label: 'Work/Projects',
    from: 'carl@example.com',
    to: 'bob@example.com',
    cc: ['dana@example.com', '"Eve" <eve@example.com>'],
    subject: 'Forwarded',
    date: new Date('2024-03-03T08:00:00Z'),
    text: 'see attached',
    attachments: [
      {
        filename: 'original.eml',
        contentType: 'message/rfc822',
        contentDisposition: 'attachment',
        content: 'From: orig@example.com\r\nSubject: The original\r\n\r\nOriginal body\r\n',
      },
    ],
  },
];

async function* rawMessages(): AsyncGenerator<RawMessage> {
  for (const { label, ...options } of MESSAGES) {
    yield { raw: await new MailComposer(options).compile().build(), labels: [label.split('/')] };
  }
  yield { raw: Buffer.from('garbage without headers\r\n'), labels: [['Broken']] };
}

describe('MIME messages through the converter into a PST', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-mime-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads back what the MIME said, in both readers and Microsoft's crate", async () => {
    const warnings: string[] = [];
    const path = join(dir, 'mime.pst');
    await writePst(
      path,
      mimeMailboxEntries(rawMessages(), { onWarning: (_, warning) => warnings.push(warning) }),
    );
    expect(warnings).toEqual([expect.stringContaining('kept as plain text')]);
    expect(validatePst(path).problems).toEqual([]);
    expect((await walkWithOutlookPst(path)).messages).toBe(MESSAGES.length + 1);

    for (const messages of [
      await readWithReadpst(path, join(dir, 'readpst')),
      await readWithPffexport(path, join(dir, 'pff')),
    ]) {
      const bySubject = new Map(messages.map((m) => [m.subject, m]));
      expect(bySubject.get('Grüße — 你好 — שלום')).toMatchObject({
        folder: 'Inbox',
        fromAddress: 'zoe@example.com',
        fromName: 'Zoë Ångström',
        sentAt: '2024-03-01T08:00:00.000Z',
        text: 'Unicode plain text: naïve café 日本語',
        html: '<p>Unicode HTML: naïve café 日本語</p>',
      });
      const withAttachments = bySubject.get('Inline image and attachments')!;
      expect(
        withAttachments.attachments
          .map(({ name, sha256 }) => ({ name, sha256 }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      ).toEqual(
        MESSAGES[1]
          .attachments!.map((a) => ({ name: a.filename, sha256: sha256(a.content as Buffer) }))
          .sort((a, b) => String(a.name).localeCompare(String(b.name))),
      );
      const forwarded = bySubject.get('Forwarded')!;
      expect(forwarded.folder).toBe('Work/Projects');
      expect(forwarded.embedded).toEqual([
        expect.objectContaining({ subject: 'The original', text: 'Original body' }),
      ]);
      expect(messages.find((m) => m.folder === 'Broken')?.text).toBe('garbage without headers');
    }
  });
});

/**
 * The generated corpus (issue 19): every case real mail brings, through `readMbox`, the converter
 * and the writer, read back by all four readers. Each reader must show every copy of every
 * message intact; the only allowance is libpff's own decoding of characters outside the BMP,
 * named in docs/architecture.md and proven in pst-readers.int-spec.ts.
 */
describe('the generated MIME corpus in every reader', () => {
  let dir: string;
  let path: string;
  let corpus: Awaited<ReturnType<typeof mimeCorpus>>;
  const warnings: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-corpus-'));
    corpus = await mimeCorpus(400);
    await writeFile(join(dir, 'corpus.mbox'), corpusMbox(corpus));
    path = join(dir, 'corpus.pst');
    await writePst(
      path,
      mimeMailboxEntries(readMbox(join(dir, 'corpus.mbox')), {
        onWarning: (number, warning) => warnings.push(`${number}: ${warning}`),
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is valid, and the converter reports every repaired message and nothing else', () => {
    expect(validatePst(path).problems).toEqual([]);
    const repaired = corpus.flatMap((message, i) => (message.repaired ? [i + 1] : []));
    expect(repaired.length).toBeGreaterThan(0);
    expect(warnings).toEqual(
      repaired.map((number) => expect.stringMatching(new RegExp(`^${number}: repaired: `))),
    );
  });

  const whole: ReaderAbilities = {
    embedded: 'content',
    embeddedAttachments: true,
    digest: 'sha256',
  };
  const readers: [string, () => Promise<ReadBackMessage[]>, ReaderAbilities, boolean][] = [
    ['readpst', () => readWithReadpst(path, join(dir, 'readpst')), whole, false],
    ['pffexport', () => readWithPffexport(path, join(dir, 'pff')), whole, true],
    [
      'pypff',
      () => readWithPypff(path),
      { embedded: 'subject', embeddedAttachments: false, digest: 'sha256' },
      true,
    ],
    [
      'outlook-pst',
      () => readWithOutlookPst(path),
      { embedded: 'count', embeddedAttachments: false, digest: 'fnv' },
      false,
    ],
  ];
  it.each(readers)(
    '%s shows every message intact',
    async (_name, read, abilities, isLibpff) => {
      const report = checkCorpus(
        corpus,
        await read(),
        abilities,
        isLibpff ? libpffNonBmp : undefined,
      );
      expect(report.broken).toEqual([]);
      expect(report.intact).toBe(corpus.reduce((sum, m) => sum + m.folders.length, 0));
    },
    120_000,
  );
});
