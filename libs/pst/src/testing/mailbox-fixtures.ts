import type { MailboxEntry, PstAttachment, PstMessage } from '../messaging/model';
import { normaliseText, type ReadBackMessage, sha256 } from './read-back';

/** A small deterministic generator, so that a failing mailbox can be made again. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

function bytes(random: () => number, size: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = Math.floor(random() * 256);
  return data;
}

const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/**
 * A mailbox that exercises what the writer must get right: Unicode everywhere, text and HTML
 * bodies, inline images, binary and large attachments, attached messages, hundreds of
 * recipients, empty bodies, missing senders and subjects, nested folders with Unicode names.
 */
export function variedMailbox(seed = 1): MailboxEntry[] {
  const random = seededRandom(seed);
  const at = (day: number) => new Date(Date.UTC(2024, 0, 1 + day, 9, 30, 15));
  const person = (name: string, address: string) => ({ name, address });
  const messages: [string[], PstMessage][] = [
    [
      ['Inbox'],
      {
        subject: 'Grüße aus Köln — 你好 — שלום — 🎉',
        from: person('Zoë Ångström', 'zoe@example.com'),
        recipients: [
          { kind: 'to', ...person('Bob Ng', 'bob@example.com') },
          { kind: 'cc', ...person('Łukasz Żółć', 'lukasz@example.pl') },
          { kind: 'bcc', address: 'audit@example.com' },
        ],
        sentAt: at(1),
        textBody: 'Plain text with Unicode: naïve café, 日本語, emoji 🚀.\nSecond line.',
        htmlBody: '<html><body><p>HTML with Unicode: naïve café, 日本語 🚀</p></body></html>',
        internetMessageId: '<unicode-1@example.com>',
        read: true,
      },
    ],
    [
      ['Inbox'],
      {
        subject: 'HTML only with an inline image',
        from: person('Ann Lee', 'ann@example.com'),
        recipients: [{ kind: 'to', address: 'bob@example.com' }],
        sentAt: at(2),
        htmlBody: '<p>Logo: <img src="cid:logo@example.com"></p>',
        attachments: [
          {
            fileName: 'logo.png',
            mimeType: 'image/png',
            contentId: 'logo@example.com',
            inline: true,
            content: Buffer.concat([PNG_HEADER, bytes(random, 500)]),
          },
        ],
      },
    ],
    [
      ['Inbox', 'Projects', 'Ünïcode ☃ folder'],
      {
        subject: 'Binary and large attachments',
        from: person('Carl', 'carl@example.com'),
        recipients: [{ kind: 'to', address: 'bob@example.com' }],
        sentAt: at(3),
        textBody: 'See attached.',
        attachments: [
          {
            fileName: 'random.bin',
            mimeType: 'application/octet-stream',
            content: bytes(random, 3000),
          },
          {
            fileName: 'large.dat',
            mimeType: 'application/octet-stream',
            content: bytes(random, 700_000),
          },
          {
            fileName: 'résumé 履歴書.txt',
            mimeType: 'text/plain',
            content: Buffer.from('Unicode file name\n'),
          },
          { fileName: 'empty.txt', mimeType: 'text/plain', content: Buffer.alloc(0) },
        ],
      },
    ],
    [
      ['Inbox'],
      {
        subject: 'Forwarded message attached',
        from: person('Dana', 'dana@example.com'),
        recipients: [{ kind: 'to', address: 'bob@example.com' }],
        sentAt: at(4),
        textBody: 'Forwarding the original.',
        attachments: [
          {
            message: {
              subject: 'The original',
              from: person('Eve', 'eve@example.com'),
              recipients: [{ kind: 'to', address: 'dana@example.com' }],
              sentAt: at(0),
              textBody: 'Original body.',
              attachments: [
                {
                  fileName: 'inside.txt',
                  mimeType: 'text/plain',
                  content: Buffer.from('nested attachment'),
                },
              ],
            },
          } satisfies PstAttachment,
        ],
      },
    ],
    [
      ['Sent Items'],
      {
        subject: 'To three hundred people',
        from: person('Bob Ng', 'bob@example.com'),
        recipients: Array.from({ length: 300 }, (_, i) => ({
          kind: i % 3 === 0 ? ('cc' as const) : ('to' as const),
          name: `Person ${i}`,
          address: `person${i}@example.com`,
        })),
        sentAt: at(5),
        textBody: 'Hello everyone.',
      },
    ],
    [
      ['Sent Items'],
      {
        subject: 'Long body',
        from: person('Bob Ng', 'bob@example.com'),
        recipients: [{ kind: 'to', address: 'ann@example.com' }],
        sentAt: at(6),
        textBody: Array.from(
          { length: 4000 },
          (_, i) => `Line ${i}: the quick brown fox — ${'ü'.repeat(i % 7)}`,
        ).join('\n'),
      },
    ],
    [
      ['Archive'],
      {
        subject: 'Empty body',
        from: person('Fay', 'fay@example.com'),
        recipients: [{ kind: 'to', address: 'bob@example.com' }],
        sentAt: at(7),
      },
    ],
    [
      ['Archive'],
      { subject: '', sentAt: at(8), textBody: 'No subject, no sender, no recipients.' },
    ],
  ];
  return messages.map(([folder, message]) => ({ folder, message }));
}

/** What a reader should give back for a message written from `entry`. */
export function expectedReadBack(
  folder: string[],
  message: PstMessage,
  recipientsAs: 'address' | 'display name' = 'address',
): ReadBackMessage {
  const addresses = (kind: string) =>
    (message.recipients ?? [])
      .filter((r) => r.kind === kind)
      .map((r) => (recipientsAs === 'address' ? r.address : r.name || r.address) ?? '');
  const sent = message.sentAt ?? message.receivedAt;
  return {
    folder: folder.join('/'),
    subject: message.subject ?? '',
    fromName: message.from ? message.from.name || message.from.address : undefined,
    fromAddress: message.from?.address,
    to: addresses('to'),
    cc: addresses('cc'),
    bcc: addresses('bcc'),
    sentAt: sent?.toISOString(),
    text: normaliseText(message.textBody),
    html: normaliseText(message.htmlBody),
    attachments: (message.attachments ?? [])
      .filter((a) => !a.message)
      .map((a) => ({
        name: a.fileName ?? '',
        sha256: sha256(a.content ?? Buffer.alloc(0)),
        contentId: a.contentId,
      })),
    embedded: (message.attachments ?? [])
      .filter((a) => a.message)
      .map((a) => expectedReadBack([], a.message as PstMessage, recipientsAs)),
  };
}
