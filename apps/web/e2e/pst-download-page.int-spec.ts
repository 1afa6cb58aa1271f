import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';

import type {
  PstExportView,
  TotpEnrolment,
  TotpEnrolmentConfirmed,
  UserView,
} from '@coffer/contracts';
import {
  expectEventually,
  HttpClient,
  IdentitySeeder,
  importMailboxWithOps,
  launchBrowser,
  Mailbox,
  seriousAccessibilityViolations,
  ServiceProcesses,
  testEnvironment,
  totpCode,
  waitForHealthyGateway,
} from '@coffer/testing';

import { fitsViewport, saveWholePage } from './console-helpers';

const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * The PST download page from the link the SMTP catcher received, in Debian's Chromium, at
 * desktop and phone sizes: it says what the file is (never whose, before sign-in), keeps the
 * email after a wrong password and still offers SSO, asks this administrator (who has MFA) for
 * a code after the right password, and says whose mailbox has started downloading. axe-core
 * finds nothing serious or critical at any step.
 */
describe('PST download page in a real browser', () => {
  const { env, config, mailApi } = testEnvironment('pst-download-ui');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const mailbox = new Mailbox(mailApi);
  const password = 'administrator passphrase 3';
  // The catcher keeps every run's mail: addresses of this run only.
  const run = Date.now().toString(36);
  const ada = `ada@oscorp-${run}.test`;
  const bobEmail = `bob@oscorp-${run}.test`;
  let services: ServiceProcesses;
  let browser: Browser;
  let dir: string;
  let link: string;
  let otpauthUri: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-download-ui-'));
    services = await ServiceProcesses.launch({ env });
    await waitForHealthyGateway(baseUrl);
    const orgId = (await seeder.organization(`oscorp-${run}`, { email: ada, password }))
      .organization.id;
    const adaApi = new HttpClient(baseUrl);
    await adaApi.post('/api/console/login', { email: ada, password });
    const started = await adaApi.post<TotpEnrolment>('/api/console/mfa/totp');
    otpauthUri = started.body.otpauthUri;
    recoveryCodes = (
      await adaApi.post<TotpEnrolmentConfirmed>('/api/console/mfa/totp/confirm', {
        otp: totpCode(otpauthUri),
      })
    ).body.recoveryCodes;
    const bob = await adaApi.post<UserView>('/api/console/users', { email: bobEmail, name: 'Bob' });
    const mbox = join(dir, 'bob.mbox');
    await writeFile(
      mbox,
      'From a@b Mon Jan  1 00:00:00 2024\nSubject: Only message\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nbody\n',
    );
    await importMailboxWithOps(env, orgId, bobEmail, mbox);
    const exportId = (
      await adaApi.post<PstExportView>('/api/console/pst-exports', {
        userId: bob.body.id,
        source: 'gmail',
      })
    ).body.id;
    const mail = await expectEventually(
      async () => {
        const mine = (await mailbox.messagesTo(ada)).find((m) => m.text.includes(exportId));
        if (!mine) throw new Error('no link mail yet');
        return mine;
      },
      { timeoutMs: 60_000 },
    );
    link = /https?:\/\/\S+\/download\/pst\/[0-9a-f-]{36}/.exec(mail.text)![0];
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await seeder.close();
    await services?.stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(VIEWPORTS)('from the emailed link at $name size', async (viewport) => {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    const check = async (step: string) => {
      await expect(fitsViewport(page)).resolves.toMatchObject({ fits: true });
      await saveWholePage(page, `pst-download-${step}-${viewport.name}`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    };

    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Download PST export' }).waitFor();
    await expect(page.title()).resolves.toContain('Download PST export');
    const described = page.getByRole('region', { name: 'What is downloaded' });
    await described.getByText('Gmail').waitFor();
    await expect(described.getByText('1 file').count()).resolves.toBe(1);
    // Nothing names the user before the person proved who they are.
    await expect(page.getByText(bobEmail).count()).resolves.toBe(0);
    await check('link');

    await page.getByLabel('Email').fill(ada);
    await page.getByLabel('Fail-safe password').fill('not the password');
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Invalid email-id\\username or password',
    );
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(ada);
    await expect(page.getByRole('link', { name: 'Sign in with SSO' }).count()).resolves.toBe(1);
    await check('wrong-password');

    await page.getByLabel('Fail-safe password').fill(password);
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await check('code-asked');
    // Desktop uses the next TOTP step (the enrolment used this one); the phone a recovery code.
    await code.fill(
      viewport.name === 'desktop' ? totpCode(otpauthUri, new Date(), 1) : recoveryCodes[0],
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^bob-gmail-.+\.pst$/);
    const status = page.getByRole('status').filter({ hasText: 'has started' });
    await expect(status.textContent()).resolves.toContain(`${bobEmail}'s Gmail backup`);
    await check('started');
    await context.close();
  });
});
