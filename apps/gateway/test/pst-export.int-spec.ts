import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import MailComposer from 'nodemailer/lib/mail-composer';

import type {
  AdministratorView,
  ApiTokenWithSecret,
  AuditTrailPage,
  PstDownloadSummary,
  PstExportView,
  UserView,
} from '@coffer/contracts';
import {
  expectEventually,
  HttpClient,
  IdentitySeeder,
  importMailboxWithOps,
  Mailbox,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

const run = promisify(execFile);

/** Polls an export until it reaches `status` (bounded by expectEventually's timeout). */
function waitForStatus(
  admin: HttpClient,
  exportId: string,
  status: PstExportView['status'],
  timeoutMs = 60_000,
) {
  return expectEventually(
    async () => {
      const { body } = await admin.get<PstExportView>(`/api/console/pst-exports/${exportId}`);
      if (body.status !== status) throw new Error(`export is ${body.status}`);
      return body;
    },
    { timeoutMs },
  );
}

/**
 * The second seed scenario end to end: a user's Gmail backup is imported, an administrator
 * exports it to PST, the link arrives by email, the download page refuses everyone but the
 * organisation's administrators and streams the file (resumable with Range), and readpst finds
 * every imported message in it.
 */
describe('PST export, emailed link and download page', () => {
  const { env, config, mailApi } = testEnvironment('pst-export');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const mailbox = new Mailbox(mailApi);
  const password = 'administrator passphrase 7';
  const ada = new HttpClient(baseUrl);
  const invalid = {
    code: 'invalid-credentials',
    message: 'Invalid email-id\\username or password',
  };
  let services: ServiceProcesses;
  let dir: string;
  let orgId: string;
  let bob: UserView;
  const subjects = Array.from({ length: 30 }, (_, i) => `Backed-up message ${i} — ünïcode`);

  async function writeMbox(path: string): Promise<void> {
    const parts: string[] = [];
    for (const [i, subject] of subjects.entries()) {
      const raw = await new MailComposer({
        from: `sender${i}@example.com`,
        to: 'bob@initech.test',
        subject,
        date: new Date(Date.UTC(2024, 0, 1 + i)),
        text: `Body of message ${i}`,
        headers: { 'X-Gmail-Labels': i % 3 === 0 ? 'Inbox,Work/Reports' : 'Inbox' },
        attachments: i === 5 ? [{ filename: 'report.csv', content: 'a,b\n1,2\n' }] : [],
      })
        .compile()
        .build();
      parts.push(
        `From sender${i}@example.com Mon Jan  1 00:00:00 2024\n${raw
          .toString('latin1')
          .replace(/\r\n/g, '\n')
          .replace(/^From /gm, '>From ')}\n`,
      );
    }
    await writeFile(path, parts.join('\n'), 'latin1');
  }

  const importMailbox = (mbox: string) =>
    importMailboxWithOps(env, orgId, 'bob@initech.test', mbox);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-export-e2e-'));
    services = await ServiceProcesses.launch({ env: { ...env, COFFER_PST_SWEEP_SECONDS: '1' } });
    await waitForHealthyGateway(baseUrl);
    orgId = (await seeder.organization('initech', { email: 'ada@initech.test', password }))
      .organization.id;
    await seeder.organization('globex', { email: 'gus@globex.test', password });
    await ada.post('/api/console/login', { email: 'ada@initech.test', password });
    await ada.post('/api/console/administrators', {
      email: 'pat@initech.test',
      name: 'Pat',
      role: 'product-administrator',
      password,
    });
    bob = (
      await ada.post<UserView>('/api/console/users', { email: 'bob@initech.test', name: 'Bob' })
    ).body;
  });

  afterAll(async () => {
    await seeder.close();
    await services?.stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  let exportId: string;
  let link: string;

  it('imports a Gmail mbox once: a second run finds everything already there', async () => {
    const mbox = join(dir, 'bob.mbox');
    await writeMbox(mbox);
    expect(await importMailbox(mbox)).toMatchObject({
      imported: subjects.length,
      duplicates: 0,
      skipped: [],
    });
    expect(await importMailbox(mbox)).toMatchObject({ imported: 0, duplicates: subjects.length });
  });

  it('exports the backup and emails the requester a link', async () => {
    const requested = await ada.post<PstExportView>('/api/console/pst-exports', {
      userId: bob.id,
      source: 'gmail',
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: 'requested', userEmail: 'bob@initech.test' });
    exportId = requested.body.id;
    const done = await waitForStatus(ada, exportId, 'completed');
    expect(done.messages).toBe(subjects.length + subjects.filter((_, i) => i % 3 === 0).length);
    expect(done.parts).toEqual([
      expect.objectContaining({ part: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
    // The catcher keeps mail of earlier runs: wait for the one about this export.
    const mail = await expectEventually(async () => {
      const mine = (await mailbox.messagesTo('ada@initech.test')).find((m) =>
        m.text.includes(exportId),
      );
      if (!mine) throw new Error('no link mail yet');
      return mine;
    });
    expect(mail.subject).toBe('Your PST export of bob@initech.test is ready');
    link = /https?:\/\/\S+\/download\/pst\/[0-9a-f-]{36}/.exec(mail.text)?.[0] as string;
    expect(link).toBe(`${baseUrl}/download/pst/${exportId}`);
    expect(done.downloadUrl).toBe(link);
  });

  it("shows a page that asks who you are, and refuses everyone but this organisation's administrators", async () => {
    const form = new URLSearchParams({ email: 'ada@initech.test', password: '', token: '' });
    const emptyForm = await new HttpClient(baseUrl).request('POST', `/download/pst/${exportId}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: form.toString(),
    });
    expect(emptyForm.status).toBe(401);
    expect(emptyForm.body).toEqual(invalid);
    const filledForm = await fetch(`${baseUrl}/download/pst/${exportId}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'ada@initech.test', password, token: '' }).toString(),
    });
    // A browser's form: sent on to the file with the grant in a cookie kept to this export's path.
    expect(filledForm.status).toBe(303);
    expect(filledForm.headers.get('location')).toBe(`${baseUrl}/download/pst/${exportId}/file/1`);
    expect(filledForm.headers.get('set-cookie')).toMatch(
      new RegExp(
        `coffer_download=.+; Max-Age=900; Path=/download/pst/${exportId}; .*HttpOnly; SameSite=Strict`,
      ),
    );

    // The emailed link opens the web app's page; what it shows comes from the summary.
    const page = await new HttpClient(baseUrl).get(`/download/pst/${exportId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<div id="root">');

    const attempt = (body: Record<string, string>) =>
      new HttpClient(baseUrl).post(`/download/pst/${exportId}`, body);
    expect(
      await attempt({ email: 'ada@initech.test', password: 'wrong password here' }),
    ).toMatchObject({ status: 401, body: invalid });
    expect(await attempt({ email: 'nobody@initech.test', password })).toMatchObject({
      status: 401,
      body: invalid,
    });
    expect(await attempt({ email: 'gus@globex.test', password })).toMatchObject({
      status: 401,
      body: invalid,
    });
    expect(await attempt({ email: 'bob@initech.test', password })).toMatchObject({
      status: 401,
      body: invalid,
    });
    expect(
      await attempt({ email: 'ada@initech.test', token: 'cft_not-a-real-token' }),
    ).toMatchObject({ status: 401, body: invalid });

    const shortLived = await ada.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'expiring',
      expiresAt: new Date(Date.now() + 1_500).toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(
      await attempt({ email: 'ada@initech.test', token: shortLived.body.secret }),
    ).toMatchObject({ status: 401, body: invalid });
  });

  it('streams the file to the fail-safe password, resumes with Range, and readpst finds every message', async () => {
    const browser = new HttpClient(baseUrl);
    const signedIn = await browser.post<{
      parts: { url: string; sha256: string; bytes: number }[];
    }>(`/download/pst/${exportId}`, { email: 'ada@initech.test', password });
    expect(signedIn.status).toBe(200);
    const [part] = signedIn.body.parts;
    const path = new URL(part.url).pathname;
    const cookie = `coffer_download=${browser.cookie('coffer_download')}`;

    const whole = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toMatch(
      /filename="bob-gmail-\d{4}-\d{2}-\d{2}\.pst"/,
    );
    const file = Buffer.from(await whole.arrayBuffer());
    expect(file.length).toBe(part.bytes);
    expect(createHash('sha256').update(file).digest('hex')).toBe(part.sha256);

    const rest = await fetch(`${baseUrl}${path}`, { headers: { cookie, range: 'bytes=100000-' } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(
      `bytes 100000-${file.length - 1}/${file.length}`,
    );
    expect(Buffer.from(await rest.arrayBuffer()).equals(file.subarray(100_000))).toBe(true);

    const pst = join(dir, 'bob.pst');
    await writeFile(pst, file);
    const out = join(dir, 'readpst');
    await mkdir(out);
    // One process: readpst's parallel jobs now and then drop a message (see read-back.ts).
    await run('readpst', ['-j', '0', '-e', '-q', '-o', out, pst]);
    const found: string[] = [];
    const walk = async (folder: string) => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        if (entry.isDirectory()) await walk(join(folder, entry.name));
        else
          found.push(
            (await run('grep', ['-m1', '^Subject:', join(folder, entry.name)])).stdout.trim(),
          );
      }
    };
    await walk(out);
    expect(found.length).toBe(subjects.length + subjects.filter((_, i) => i % 3 === 0).length);
  });

  it('lets any administrator of the organisation download with an API token; a file without a grant is refused', async () => {
    const pat = new HttpClient(baseUrl);
    await pat.post('/api/console/login', { email: 'pat@initech.test', password });
    const token = await pat.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'downloads',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const withToken = await new HttpClient(baseUrl).post<{ parts: unknown[] }>(
      `/download/pst/${exportId}`,
      { email: 'pat@initech.test', token: token.body.secret },
    );
    expect(withToken.status).toBe(200);
    expect(withToken.body.parts).toHaveLength(1);

    const noGrant = await fetch(`${baseUrl}/download/pst/${exportId}/file/1`, {
      redirect: 'manual',
    });
    expect(noGrant.status).toBe(303);
    const forged = await fetch(`${baseUrl}/download/pst/${exportId}/file/1`, {
      headers: { cookie: 'coffer_download=forged.grant' },
    });
    expect(forged.status).toBe(401);
    // Regression: the signing key had a public default in the code, and a grant built by hand
    // with it downloaded the file with no credentials at all.
    const me = await pat.get<{ administrator: { id: string } }>('/api/console/me');
    const body = Buffer.from(
      JSON.stringify({
        exportId,
        orgId,
        administratorId: me.body.administrator.id,
        administratorEmail: 'pat@initech.test',
        linkExpiresAt: Date.now() + 86_400_000,
        expiresAt: Date.now() + 3_600_000,
      }),
    ).toString('base64url');
    const publicDefaultKey = Buffer.from('ZGV2LW9ubHktZG93bmxvYWQtZ3JhbnQta2V5LTMyYnk=', 'base64');
    const signature = createHmac('sha256', publicDefaultKey).update(body).digest('base64url');
    const handMade = await fetch(`${baseUrl}/download/pst/${exportId}/file/1`, {
      headers: { cookie: `coffer_download=${body}.${signature}` },
    });
    expect(handMade.status).toBe(401);
    expect(await handMade.json()).toEqual(invalid);
  });

  it('lets an administrator already signed in to the console download with one click', async () => {
    const page = await ada.get<PstDownloadSummary>(`/download/pst/${exportId}/summary`);
    expect(page.body.consoleSession).toEqual({ email: 'ada@initech.test' });
    const withSession = await ada.post<{ parts: unknown[] }>(`/download/pst/${exportId}`, {
      session: 'console',
      csrf: ada.cookie('csrf-token'),
    });
    expect(withSession.status).toBe(200);
    expect(withSession.body.parts).toHaveLength(1);
    // Without the double-submit token the session alone is not enough.
    expect(
      await ada.post(`/download/pst/${exportId}`, { session: 'console', csrf: 'guessed' }),
    ).toMatchObject({ status: 401, body: invalid });
  });

  it('records refused downloads in the system trail, without the secret that was tried', async () => {
    const { body } = await expectEventually(async () => {
      const page = await ada.get<AuditTrailPage>(
        '/api/console/audit-trail?trail=system&activityType=restore-download-share',
      );
      if (!page.body.entries.some((entry) => entry.action === 'pst-export-download-denied'))
        throw new Error('no refusal yet');
      return page;
    });
    const refusals = body.entries.filter((entry) => entry.action === 'pst-export-download-denied');
    expect(refusals.map((entry) => entry.description)).toEqual(
      expect.arrayContaining([
        'A download of a PST export as gus@globex.test was refused (not an administrator of the organisation)',
        'A download of a PST export as ada@initech.test was refused (wrong email, password or token)',
      ]),
    );
    expect(JSON.stringify(refusals)).not.toContain('wrong password here');
  });

  it('finds the lost link again in the admin audit trail, under Restore, Download, & Share', async () => {
    const entries = await expectEventually(async () => {
      const { body } = await ada.get<AuditTrailPage>(
        '/api/console/audit-trail?trail=admin&activityType=restore-download-share',
      );
      const downloaded = body.entries.find((entry) => entry.action === 'pst-export-downloaded');
      if (!downloaded) throw new Error('no download entry yet');
      return body.entries;
    });
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          description: "ada@initech.test has downloaded bob@initech.test's data",
          details: expect.objectContaining({ downloadUrl: link }),
        }),
        expect.objectContaining({
          description:
            "ada@initech.test has requested a PST export of bob@initech.test's gmail data",
          details: expect.objectContaining({ downloadUrl: link }),
        }),
      ]),
    );
  });

  /** A browser that signed in on the download page, and what its grant fetches of part 1. */
  async function downloadingBrowser(email: string) {
    const browser = new HttpClient(baseUrl);
    const signedIn = await browser.post(`/download/pst/${exportId}`, { email, password });
    expect(signedIn.status).toBe(200);
    return () =>
      fetch(`${baseUrl}/download/pst/${exportId}/file/1`, {
        headers: {
          cookie: `coffer_download=${browser.cookie('coffer_download')}`,
          range: 'bytes=0-99',
        },
      }).then((answer) => answer.status);
  }

  // Regression: a grant kept downloading after its link was reissued.
  it('reissues the link by email without exporting again, which ends the grants of the old one', async () => {
    const fetchPart = await downloadingBrowser('ada@initech.test');
    expect(await fetchPart()).toBe(206);
    const before = await mailbox.messagesTo('ada@initech.test');
    const reissued = await ada.post<PstExportView>(
      `/api/console/pst-exports/${exportId}/reissue-link`,
    );
    expect(reissued.status).toBe(201);
    await expectEventually(async () => {
      expect((await mailbox.messagesTo('ada@initech.test')).length).toBe(before.length + 1);
    });
    await expectEventually(async () => expect(await fetchPart()).toBe(401));
    // The page gives a new grant under the new link.
    expect(await (await downloadingBrowser('ada@initech.test'))()).toBe(206);
  });

  // Regression: a grant downloaded the whole file for up to an hour after its administrator was
  // disabled, while their sessions and tokens stopped at once.
  it('ends a grant the moment its administrator is disabled', async () => {
    const sam = await ada.post<AdministratorView>('/api/console/administrators', {
      email: 'sam@initech.test',
      name: 'Sam',
      role: 'product-administrator',
      password,
    });
    const fetchPart = await downloadingBrowser('sam@initech.test');
    expect(await fetchPart()).toBe(206);
    expect((await ada.post(`/api/console/administrators/${sam.body.id}/disable`)).status).toBe(200);
    expect(await fetchPart()).toBe(401);
  });
});

/**
 * The worker dies in the middle of an export: another process takes the job over once its lease
 * runs out, and the file is whole.
 */
describe('PST export when a worker dies', () => {
  const { env, config } = testEnvironment('pst-export-faults');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const password = 'administrator passphrase 8';
  const ada = new HttpClient(baseUrl);
  const messageCount = 1_200;
  let services: ServiceProcesses;
  let dir: string;
  let orgId: string;
  let bob: UserView;
  let exportId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-export-faults-'));
    services = await ServiceProcesses.launch({
      // A lease short enough to wait out.
      env: { ...env, COFFER_PST_LEASE_SECONDS: '3' },
    });
    await waitForHealthyGateway(baseUrl);
    orgId = (await seeder.organization('hooli', { email: 'ada@hooli.test', password })).organization
      .id;
    await ada.post('/api/console/login', { email: 'ada@hooli.test', password });
    bob = (await ada.post<UserView>('/api/console/users', { email: 'bob@hooli.test', name: 'Bob' }))
      .body;
    const mbox = join(dir, 'big.mbox');
    const body = 'x'.repeat(2_000);
    await writeFile(
      mbox,
      Array.from(
        { length: messageCount },
        (_, i) =>
          `From a@b Mon Jan  1 00:00:00 2024\nSubject: Message ${i}\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\n${body} ${i}\n`,
      ).join('\n'),
    );
    await importMailboxWithOps(env, orgId, 'bob@hooli.test', mbox);
  });

  afterAll(async () => {
    await seeder.close();
    await services?.stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('finishes an export on a new worker after the first one was killed mid-way', async () => {
    exportId = (
      await ada.post<PstExportView>('/api/console/pst-exports', { userId: bob.id, source: 'gmail' })
    ).body.id;
    await expectEventually(async () => {
      const { body } = await ada.get<PstExportView>(`/api/console/pst-exports/${exportId}`);
      if (body.status !== 'running' || body.progress.done === 0)
        throw new Error(`export is ${body.status}`);
    });
    await services.stop('pst-export', 'SIGKILL');
    services.start('pst-export');
    const done = await waitForStatus(ada, exportId, 'completed');
    expect(done.messages).toBe(messageCount);
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    // The link is emailed just after completion; a person downloads with it, so wait for it too.
    await expectEventually(async () => {
      const { body } = await ada.get<PstExportView>(`/api/console/pst-exports/${exportId}`);
      if (!body.linkExpiresAt) throw new Error('no link yet');
    });

    const browser = new HttpClient(baseUrl);
    const signedIn = await browser.post<{ parts: { url: string; sha256: string }[] }>(
      `/download/pst/${exportId}`,
      { email: 'ada@hooli.test', password },
    );
    expect(signedIn.status).toBe(200);
    const file = Buffer.from(
      await (
        await fetch(signedIn.body.parts[0].url, {
          headers: { cookie: `coffer_download=${browser.cookie('coffer_download')}` },
        })
      ).arrayBuffer(),
    );
    expect(createHash('sha256').update(file).digest('hex')).toBe(signedIn.body.parts[0].sha256);
    const pst = join(dir, 'big.pst');
    await writeFile(pst, file);
    const out = join(dir, 'readpst');
    await mkdir(out);
    const { stdout } = await run('sh', [
      '-c',
      'readpst -j 0 -q -o "$1" "$2" && cat "$1"/*/Inbox* "$1"/Inbox* 2>/dev/null | grep -c "^Subject: Message "',
      'sh',
      out,
      pst,
    ]);
    expect(Number(stdout.trim())).toBe(messageCount);
  });
});

/** A link outlives its lifetime: the files are deleted, the job says so, the page answers 410. */
describe('PST export when its link expires', () => {
  const { env, config } = testEnvironment('pst-export-expiry');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const password = 'administrator passphrase 9';
  const ada = new HttpClient(baseUrl);
  let services: ServiceProcesses;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-export-expiry-'));
    // Links that live five seconds, swept every second.
    services = await ServiceProcesses.launch({
      env: { ...env, COFFER_PST_LINK_DAYS: String(5 / 86_400), COFFER_PST_SWEEP_SECONDS: '1' },
    });
    await waitForHealthyGateway(baseUrl);
  });

  afterAll(async () => {
    await seeder.close();
    await services?.stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('deletes the files when the link expires, and the page then answers 410', async () => {
    const orgId = (await seeder.organization('pied-piper', { email: 'ada@piper.test', password }))
      .organization.id;
    await ada.post('/api/console/login', { email: 'ada@piper.test', password });
    const bob = (
      await ada.post<UserView>('/api/console/users', { email: 'bob@piper.test', name: 'Bob' })
    ).body;
    const mbox = join(dir, 'one.mbox');
    await writeFile(mbox, 'From a@b Mon Jan  1 00:00:00 2024\nSubject: Only message\n\nbody\n');
    await importMailboxWithOps(env, orgId, 'bob@piper.test', mbox);
    const exportId = (
      await ada.post<PstExportView>('/api/console/pst-exports', { userId: bob.id, source: 'gmail' })
    ).body.id;
    const expired = await waitForStatus(ada, exportId, 'expired', 90_000);
    expect(expired.linkExpiresAt).not.toBeNull();
    const attempt = await new HttpClient(baseUrl).post(`/download/pst/${exportId}`, {
      email: 'ada@piper.test',
      password,
    });
    expect(attempt).toMatchObject({ status: 410, body: { code: 'pst-export-unavailable' } });
    // The page says so before anyone types a password.
    const summary = await new HttpClient(baseUrl).get<PstDownloadSummary>(
      `/download/pst/${exportId}/summary`,
    );
    expect(summary.body).toMatchObject({ available: false, contents: null });
  });
});
