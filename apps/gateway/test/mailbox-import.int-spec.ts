import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import MailComposer from 'nodemailer/lib/mail-composer';

import type {
  AuditTrailPage,
  MailboxImportView,
  MailboxView,
  PstExportView,
  UserView,
} from '@coffer/contracts';
import {
  archiveForm,
  expectEventually,
  HttpClient,
  IdentitySeeder,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

const run = promisify(execFile);
const LIMIT_MB = 2;

async function message(subject: string, i: number, labels?: string): Promise<Buffer> {
  return new MailComposer({
    from: `sender${i}@example.com`,
    to: 'bob@initech.test',
    subject,
    date: new Date(Date.UTC(2024, 1, 1 + i)),
    text: `Body of ${subject}`,
    headers: labels ? { 'X-Gmail-Labels': labels } : {},
  })
    .compile()
    .build();
}

function mboxOf(messages: Buffer[]): Buffer {
  return Buffer.from(
    messages
      .map(
        (raw) =>
          `From someone@example.com Mon Jan  1 00:00:00 2024\n${raw
            .toString('latin1')
            .replace(/\r\n/g, '\n')
            .replace(/^From /gm, '>From ')}\n`,
      )
      .join('\n'),
    'latin1',
  );
}

/**
 * Mailbox backups imported through the gateway: an mbox file, a zip of .eml files and Maildir
 * archives (tar.gz and zip), made here with the system's zip and tar; streamed in, counted,
 * skipped messages listed with their reasons, refusals with a sentence, scoped to the
 * organisation, audited, and exported to a PST that readpst opens with every message.
 */
describe('mailbox import through the gateway', () => {
  const { env, config } = testEnvironment('mailbox-import');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const password = 'administrator passphrase 7';
  const ada = new HttpClient(baseUrl);
  const gus = new HttpClient(baseUrl);
  let services: ServiceProcesses;
  let dir: string;
  let bob: UserView;
  let carol: UserView;
  const mboxSubjects = Array.from({ length: 12 }, (_, i) => `Mbox message ${i} — ünïcode`);
  const emlSubjects = ['Eml in Inbox', 'Eml in Work', 'Eml in Work/Projects'];
  const maildirSubjects = ['Maildir inbox message', 'Maildir sent message', 'Maildir project'];

  async function start(
    client: HttpClient,
    userId: string,
    body: { source: string; fileName: string; bytes: number },
  ) {
    return client.post<MailboxImportView>(`/api/console/users/${userId}/mailbox-imports`, body);
  }

  async function upload(client: HttpClient, importId: string, fileName: string, content: Buffer) {
    const form = archiveForm(fileName, content);
    return client.request<MailboxImportView>(
      'POST',
      `/api/console/mailbox-imports/${importId}/archive`,
      {
        headers: form.headers,
        rawBody: Buffer.concat([form.head, form.content, form.tail]),
      },
    );
  }

  async function importArchive(source: string, fileName: string, content: Buffer) {
    const started = await start(ada, bob.id, { source, fileName, bytes: content.length });
    expect(started.status).toBe(201);
    return upload(ada, started.body.id, fileName, content);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailbox-import-'));
    services = await ServiceProcesses.launch({
      env: { ...env, COFFER_MAILBOX_IMPORT_MAX_MB: String(LIMIT_MB) },
    });
    await waitForHealthyGateway(baseUrl);
    await seeder.organization('initech', { email: 'ada@initech.test', password });
    await seeder.organization('globex', { email: 'gus@globex.test', password });
    await ada.post('/api/console/login', { email: 'ada@initech.test', password });
    await gus.post('/api/console/login', { email: 'gus@globex.test', password });
    bob = (
      await ada.post<UserView>('/api/console/users', { email: 'bob@initech.test', name: 'Bob' })
    ).body;
    carol = (
      await gus.post<UserView>('/api/console/users', { email: 'carol@globex.test', name: 'Carol' })
    ).body;
  });

  afterAll(async () => {
    await seeder.close();
    await services?.stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists no mailbox for a new user, and refuses to export a backup that is not there', async () => {
    expect(await ada.get(`/api/console/users/${bob.id}/mailboxes`)).toMatchObject({
      status: 200,
      body: [],
    });
    const refused = await ada.post('/api/console/pst-exports', { userId: bob.id, source: 'gmail' });
    expect(refused).toMatchObject({
      status: 409,
      body: {
        code: 'mailbox-backup-missing',
        message: 'bob@initech.test has no Gmail backup to export; import one first.',
      },
    });
  });

  it('imports an mbox file, skipping with its reason a message that is not mail', async () => {
    const messages = await Promise.all(
      mboxSubjects.map((subject, i) => message(subject, i, i % 4 === 0 ? 'Inbox,Work' : 'Inbox')),
    );
    const mbox = Buffer.concat([
      mboxOf(messages.slice(0, 6)),
      Buffer.from('From junk@example.com Mon Jan  1 00:00:00 2024\nthis is not a message\n\n'),
      mboxOf(messages.slice(6)),
    ]);
    const answer = await importArchive('gmail', 'bob.mbox', mbox);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'completed',
      fileName: 'bob.mbox',
      startedByEmail: 'ada@initech.test',
      bytes: mbox.length,
      bytesRead: mbox.length,
      read: 13,
      imported: 12,
      duplicates: 0,
      skippedCount: 1,
      skipped: [{ number: 7, reason: 'does not start with a mail header' }],
    });
    const polled = await ada.get<MailboxImportView>(
      `/api/console/mailbox-imports/${answer.body.id}`,
    );
    expect(polled.body).toEqual(answer.body);
  });

  it('imports a zip of .eml files in their folders; files that are not mail are listed as skipped', async () => {
    const folder = join(dir, 'eml');
    const files: Record<string, Buffer> = {
      'Inbox/first.eml': await message(emlSubjects[0], 20),
      'Work/second.eml': await message(emlSubjects[1], 21),
      'Work/Projects/third.eml': await message(emlSubjects[2], 22),
      'Work/empty.eml': Buffer.alloc(0),
      'README.txt': Buffer.from('exported by a mail client'),
    };
    for (const [name, content] of Object.entries(files)) {
      await mkdir(dirname(join(folder, name)), { recursive: true });
      await writeFile(join(folder, name), content);
    }
    await run('zip', ['-q', '-r', join(dir, 'eml.zip'), '.'], { cwd: folder });
    const answer = await importArchive('gmail', 'eml.zip', await readFile(join(dir, 'eml.zip')));
    expect(answer.body).toMatchObject({ status: 'completed', imported: 3, skippedCount: 2 });
    expect(answer.body.skipped.map(({ entry, reason }) => ({ entry, reason })).sort()).toEqual(
      expect.arrayContaining([
        { entry: 'README.txt', reason: 'not an .eml file or a Maildir message' },
        { entry: 'Work/empty.eml', reason: 'empty message' },
      ]),
    );
  });

  it('imports a Maildir from a tar.gz, then finds the same messages in a zip of it as duplicates', async () => {
    const maildir = join(dir, 'Maildir');
    const files: Record<string, Buffer> = {
      'cur/1700000000.1.host:2,S': await message(maildirSubjects[0], 30),
      '.Sent/cur/1700000000.2.host:2,S': await message(maildirSubjects[1], 31),
      '.Work.Projects/new/1700000000.3.host': await message(maildirSubjects[2], 32),
      'dovecot-uidlist': Buffer.from('3 V1 N4\n'),
    };
    for (const [name, content] of Object.entries(files)) {
      await mkdir(dirname(join(maildir, name)), { recursive: true });
      await writeFile(join(maildir, name), content);
    }
    await mkdir(join(maildir, 'tmp'), { recursive: true });
    await run('tar', ['-czf', join(dir, 'maildir.tar.gz'), 'Maildir'], { cwd: dir });
    await run('zip', ['-q', '-r', join(dir, 'maildir.zip'), 'Maildir'], { cwd: dir });
    const fromTar = await importArchive(
      'exchange-online',
      'maildir.tar.gz',
      await readFile(join(dir, 'maildir.tar.gz')),
    );
    expect(fromTar.body).toMatchObject({ status: 'completed', imported: 3, skippedCount: 0 });
    const fromZip = await importArchive(
      'exchange-online',
      'maildir.zip',
      await readFile(join(dir, 'maildir.zip')),
    );
    expect(fromZip.body).toMatchObject({ status: 'completed', imported: 0, duplicates: 3 });
  });

  it("lists the user's mailboxes with messages, size and last import", async () => {
    const { body } = await ada.get<MailboxView[]>(`/api/console/users/${bob.id}/mailboxes`);
    expect(body).toEqual([
      expect.objectContaining({
        source: 'gmail',
        userEmail: 'bob@initech.test',
        messages: mboxSubjects.length + emlSubjects.length,
        imports: 2,
        bytes: expect.any(Number),
        lastImportAt: expect.any(String),
      }),
      expect.objectContaining({ source: 'exchange-online', messages: 3, imports: 2 }),
    ]);
    expect(body[0].bytes).toBeGreaterThan(1_000);
  });

  it('shows progress while the upload is still arriving, and takes no second upload meanwhile', async () => {
    const messages = await Promise.all(
      Array.from({ length: 150 }, (_, i) => message(`Streamed message ${i}`, 40 + i)),
    );
    const mbox = mboxOf(messages);
    const started = await start(ada, bob.id, {
      source: 'gmail',
      fileName: 'streamed.mbox',
      bytes: mbox.length,
    });
    const form = archiveForm('streamed.mbox', mbox);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first 120 messages, then nothing until the import shows them stored.
    const cut = mbox.indexOf('From someone', mbox.indexOf(`Streamed message 120`) - 2_000);
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(Buffer.concat([form.head, mbox.subarray(0, cut)]));
        await held;
        controller.enqueue(Buffer.concat([mbox.subarray(cut), form.tail]));
        controller.close();
      },
    });
    const answer = ada.request<MailboxImportView>(
      'POST',
      `/api/console/mailbox-imports/${started.body.id}/archive`,
      { headers: form.headers, rawBody: body },
    );
    const midway = await expectEventually(async () => {
      const { body: view } = await ada.get<MailboxImportView>(
        `/api/console/mailbox-imports/${started.body.id}`,
      );
      if (view.imported < 100) throw new Error(`only ${view.imported} imported yet`);
      return view;
    });
    expect(midway.status).toBe('running');
    expect(midway.bytesRead).toBeLessThan(mbox.length);
    // A second upload to the same import (another tab, a retry) is refused and spoils nothing.
    const second = await upload(ada, started.body.id, 'streamed.mbox', mbox.subarray(0, 2_000));
    expect(second.status).toBe(409);
    expect(second.body).toEqual({
      code: 'mailbox-import-upload-running',
      message:
        'An archive is already being uploaded to this import; wait for it to finish, or start another import.',
    });
    release();
    const done = (await answer).body;
    expect(done).toMatchObject({ status: 'completed', imported: 150, bytesRead: mbox.length });
    const after = await upload(ada, started.body.id, 'streamed.mbox', mbox.subarray(0, 2_000));
    expect(after.status).toBe(409);
    expect(after.body).toMatchObject({ code: 'mailbox-import-not-running' });
  });

  it('refuses an archive larger than the limit with a sentence, before and during the upload', async () => {
    const tooLarge = await start(ada, bob.id, {
      source: 'gmail',
      fileName: 'huge.mbox',
      bytes: (LIMIT_MB + 1) * 1024 * 1024,
    });
    expect(tooLarge).toMatchObject({
      status: 413,
      body: {
        code: 'mailbox-archive-too-large',
        message: `huge.mbox is larger than ${LIMIT_MB} MB, the largest mailbox archive accepted; split it or ask the operator to import it.`,
      },
    });
    // A client that declared less than it sends is cut off at the limit.
    const started = await start(ada, bob.id, { source: 'gmail', fileName: 'lie.mbox', bytes: 10 });
    const big = mboxOf(
      await Promise.all(
        Array.from({ length: 3 }, (_, i) =>
          message(`Padding ${i} ${'x'.repeat(1024 * 1024)}`, 90 + i),
        ),
      ),
    );
    const refused = await upload(ada, started.body.id, 'lie.mbox', big);
    expect(refused).toMatchObject({ status: 413, body: { code: 'mailbox-archive-too-large' } });
    const failed = await ada.get<MailboxImportView>(
      `/api/console/mailbox-imports/${started.body.id}`,
    );
    expect(failed.body).toMatchObject({
      status: 'failed',
      failure: expect.stringContaining('larger than 2 MB'),
    });
  });

  it('refuses what is not an archive, or holds no message, and imports nothing', async () => {
    const before = (await ada.get<MailboxView[]>(`/api/console/users/${bob.id}/mailboxes`)).body;
    const notArchive = await importArchive('gmail', 'report.pdf', Buffer.from('%PDF-1.7\n...'));
    expect(notArchive).toMatchObject({
      status: 400,
      body: {
        code: 'mailbox-archive-unreadable',
        message:
          'This file is not an mbox file, a zip of .eml files or a Maildir archive (zip or tar); nothing was imported.',
      },
    });
    const readme = join(dir, 'nothing');
    await mkdir(readme, { recursive: true });
    await writeFile(join(readme, 'README.txt'), 'no mail here');
    await run('tar', ['-cf', join(dir, 'nothing.tar'), 'nothing'], { cwd: dir });
    const noMail = await importArchive(
      'gmail',
      'nothing.tar',
      await readFile(join(dir, 'nothing.tar')),
    );
    expect(noMail).toMatchObject({
      status: 400,
      body: {
        code: 'mailbox-archive-unreadable',
        message:
          'None of the 1 files in this archive is a message that could be read; nothing was imported.',
      },
    });
    const empty = await start(ada, bob.id, { source: 'gmail', fileName: 'empty.mbox', bytes: 0 });
    expect(empty).toMatchObject({ status: 400, body: { code: 'invalid-request' } });
    expect((empty.body as unknown as { message: string }).message).toContain('The file is empty.');
    const notMultipart = await ada.request(
      'POST',
      `/api/console/mailbox-imports/${(await start(ada, bob.id, { source: 'gmail', fileName: 'a.mbox', bytes: 5 })).body.id}/archive`,
      { headers: { 'content-type': 'application/octet-stream' }, rawBody: 'From x' },
    );
    expect(notMultipart).toMatchObject({
      status: 400,
      body: { message: 'Upload the archive as multipart/form-data, in a file field.' },
    });
    expect((await ada.get(`/api/console/users/${bob.id}/mailboxes`)).body).toEqual(before);
  });

  it("answers 404 for another organisation's user or import, and for unknown ids", async () => {
    const body = { source: 'gmail', fileName: 'a.mbox', bytes: 100 };
    const notFound = { status: 404, body: { code: 'user-not-found' } };
    expect(await start(ada, carol.id, body)).toMatchObject(notFound);
    expect(await start(ada, '0190a0b0-0000-7000-8000-00000000dead', body)).toMatchObject(notFound);
    expect(await start(ada, 'not-an-id', body)).toMatchObject(notFound);
    expect(await ada.get(`/api/console/users/${carol.id}/mailboxes`)).toMatchObject(notFound);
    const mine = await start(ada, bob.id, body);
    const noImport = { status: 404, body: { code: 'mailbox-import-not-found' } };
    expect(await gus.get(`/api/console/mailbox-imports/${mine.body.id}`)).toMatchObject(noImport);
    expect(
      await upload(gus, mine.body.id, 'a.mbox', mboxOf([await message('x', 1)])),
    ).toMatchObject(noImport);
    expect(await ada.get('/api/console/mailbox-imports/nope')).toMatchObject(noImport);
  });

  it('records each import in the audit trail with who did it', async () => {
    const entries = await expectEventually(async () => {
      const { body } = await ada.get<AuditTrailPage>(
        '/api/console/audit-trail?trail=admin&activityType=restore-download-share',
      );
      if (!body.entries.some((entry) => entry.action === 'mailbox-import-failed'))
        throw new Error('no failed import yet');
      return body.entries;
    });
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'mailbox-imported',
          description:
            "ada@initech.test has imported 12 messages into bob@initech.test's gmail backup from bob.mbox",
        }),
        expect.objectContaining({
          action: 'mailbox-import-started',
          description:
            "ada@initech.test has started importing maildir.tar.gz into bob@initech.test's exchange-online backup",
        }),
      ]),
    );
  });

  it("lists one user's exports, and exports the imported backup to a PST that readpst reads whole", async () => {
    const requested = await ada.post<PstExportView>('/api/console/pst-exports', {
      userId: bob.id,
      source: 'exchange-online',
    });
    expect(requested.status).toBe(201);
    const done = await expectEventually(
      async () => {
        const { body } = await ada.get<PstExportView[]>(
          `/api/console/pst-exports?userId=${bob.id}`,
        );
        const mine = body.find((pst) => pst.id === requested.body.id);
        // The link (and its expiry) is emailed just after the export completes.
        if (mine?.status !== 'completed' || !mine.linkExpiresAt)
          throw new Error(`export is ${mine?.status}`);
        return body;
      },
      { timeoutMs: 60_000 },
    );
    expect(done.every((pst) => pst.userId === bob.id)).toBe(true);
    expect(done[0]).toMatchObject({
      messages: 3,
      requestedByEmail: 'ada@initech.test',
      linkExpiresAt: expect.any(String),
      progress: { done: 3, total: 3 },
    });
    expect(
      (await gus.get<PstExportView[]>(`/api/console/pst-exports?userId=${bob.id}`)).body,
    ).toEqual([]);

    const browser = new HttpClient(baseUrl);
    const signedIn = await browser.post<{ parts: { url: string }[] }>(
      `/download/pst/${requested.body.id}`,
      { email: 'ada@initech.test', password },
    );
    const file = await fetch(signedIn.body.parts[0].url, {
      headers: { cookie: `coffer_download=${browser.cookie('coffer_download')}` },
    });
    const pst = join(dir, 'bob.pst');
    await writeFile(pst, Buffer.from(await file.arrayBuffer()));
    const out = join(dir, 'readpst');
    await mkdir(out);
    await run('readpst', ['-j', '0', '-e', '-q', '-o', out, pst]);
    const found: Record<string, string> = {};
    const walk = async (folder: string) => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        if (entry.isDirectory()) await walk(join(folder, entry.name));
        else {
          const subject = /^Subject: (.*)$/m.exec(await readFile(join(folder, entry.name), 'utf8'));
          found[subject?.[1] ?? entry.name] = folder.slice(out.length);
        }
      }
    };
    await walk(out);
    expect(Object.keys(found).sort()).toEqual([...maildirSubjects].sort());
    expect(found['Maildir project']).toMatch(/Work\/Projects$/);
    expect(found['Maildir sent message']).toMatch(/Sent$/);
  });
});
