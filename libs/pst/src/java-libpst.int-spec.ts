import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { MailboxEntry } from './messaging/model';
import { writePst } from './pst-writer';
import { walkWithJavaLibpst } from './testing/java-libpst-check';
import { expectedReadBack, variedMailbox } from './testing/mailbox-fixtures';
import type { ReadBackMessage } from './testing/read-back';
import { validatePst } from './validate/validate-pst';

/**
 * The writer's files opened by java-libpst 0.9.3, the PST reader inside Apache Tika, which
 * assumes Outlook's layout where [MS-PST] leaves a choice: the BTH header as a heap's first
 * allocation, full row-matrix blocks, a named-property map with all three streams.
 */
describe('PST files read back by java-libpst', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-java-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const byKey = (messages: ReadBackMessage[]) =>
    [...messages].sort((a, b) =>
      `${a.folder}|${a.subject}`.localeCompare(`${b.folder}|${b.subject}`),
    );

  it('keeps every field of a varied mailbox: subjects, bodies, recipients, attachments', async () => {
    const mailbox = variedMailbox();
    const path = join(dir, 'varied.pst');
    await writePst(path, mailbox);
    expect(validatePst(path).problems).toEqual([]);

    const walk = await walkWithJavaLibpst(path);
    // Only readpst shows the Message-ID among the readers the expectation is written for.
    const read = walk.messages.map((message) => ({ ...message, messageId: undefined }));
    expect(byKey(read)).toEqual(
      byKey(mailbox.map(({ folder, message }) => expectedReadBack(folder, message!))),
    );
    expect(walk.folders).toEqual(
      expect.arrayContaining([
        { path: 'Deleted Items', messages: 0 },
        { path: 'Inbox/Projects/Ünïcode ☃ folder', messages: 1 },
      ]),
    );
  });

  it('reads every row of contents tables that span many row-matrix blocks', async () => {
    // 2,500 rows: about forty 8 KiB row-matrix blocks and a row index with an index level.
    const counts = { Inbox: 2_500, 'Sent Items': 65, Archive: 1 };
    const mailbox: MailboxEntry[] = Object.entries(counts).flatMap(([folder, count]) =>
      Array.from({ length: count }, (_, i) => ({
        folder: [folder],
        message: {
          subject: `${folder} ${i}`,
          from: { name: 'Ann', address: 'ann@example.com' },
          recipients: [{ kind: 'to' as const, address: 'bob@example.com' }],
          sentAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
          textBody: `Body of ${folder} ${i}`,
        },
      })),
    );
    const path = join(dir, 'rows.pst');
    await writePst(path, mailbox);
    expect(validatePst(path).problems).toEqual([]);

    const walk = await walkWithJavaLibpst(path);
    for (const [folder, count] of Object.entries(counts)) {
      expect(walk.folders).toContainEqual({ path: folder, messages: count });
      const subjects = walk.messages.filter((m) => m.folder === folder).map((m) => m.subject);
      expect(subjects).toEqual(Array.from({ length: count }, (_, i) => `${folder} ${i}`));
    }
    expect(walk.messages.every((m) => m.text === `Body of ${m.subject}`)).toBe(true);
  });

  it('opens an empty mailbox', async () => {
    const path = join(dir, 'empty.pst');
    await writePst(path, []);
    expect(await walkWithJavaLibpst(path)).toEqual({
      folders: [
        { path: '', messages: 0 },
        { path: 'Deleted Items', messages: 0 },
      ],
      messages: [],
    });
  });
});
