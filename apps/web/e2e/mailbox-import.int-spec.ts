import MailComposer from 'nodemailer/lib/mail-composer';
import type { Browser, Page } from 'playwright-core';

import type { UserView } from '@coffer/contracts';
import {
  HttpClient,
  IdentitySeeder,
  launchBrowser,
  seriousAccessibilityViolations,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

import { saveWholePage } from './console-helpers';

async function mbox(subjects: string[]): Promise<Buffer> {
  const parts: string[] = [];
  for (const [i, subject] of subjects.entries()) {
    const raw = await new MailComposer({
      from: `sender${i}@example.com`,
      to: 'bob@wayne.test',
      subject,
      date: new Date(Date.UTC(2024, 2, 1 + i)),
      text: `Body of ${subject}`,
    })
      .compile()
      .build();
    parts.push(`From sender${i}@example.com Mon Jan  1 00:00:00 2024\n${raw.toString('latin1')}\n`);
  }
  // One entry that is not mail: skipped, and listed with its reason.
  parts.push('From junk@example.com Mon Jan  1 00:00:00 2024\nnot a message at all\n');
  return Buffer.from(parts.join('\n'), 'latin1');
}

/**
 * An administrator imports a user's backup from the user's page (file upload with progress,
 * the result with the skipped message and its reason), is refused an export of a backup the
 * user does not have, then exports the imported one and sees it ready on the user's page.
 */
describe('mailbox import and export in the console', () => {
  const { env, config } = testEnvironment('console-mailboxes');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const password = 'administrator passphrase 7';
  const api = new HttpClient(baseUrl);
  const subjects = ['Quarterly numbers', 'Lunch on Friday', 'Re: the contract', 'Holiday photos'];
  let services: ServiceProcesses;
  let browser: Browser;
  let page: Page;
  let bob: UserView;

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env });
    await waitForHealthyGateway(baseUrl);
    await seeder.organization('wayne', { email: 'ada@wayne.test', password });
    await api.post('/api/console/login', { email: 'ada@wayne.test', password });
    bob = (await api.post<UserView>('/api/console/users', { email: 'bob@wayne.test', name: 'Bob' }))
      .body;
    browser = await launchBrowser();
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1440, height: 900 },
    });
    page = await context.newPage();
    await page.goto('/console/sign-in');
    await page.getByLabel('Email').fill('ada@wayne.test');
    await page.getByLabel('Password (fail-safe)').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/console/users');
  });

  afterAll(async () => {
    await browser?.close();
    await seeder.close();
    await services?.stopAll();
  });

  it("imports a backup from the user's page and shows what was imported and skipped", async () => {
    await page.goto(`/console/users/${bob.id}`);
    await page.getByText('No backed-up mailbox').waitFor();
    await page.getByRole('button', { name: 'Import backup' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a backup for Bob' });
    await dialog.getByLabel('Backup', { exact: true }).selectOption('gmail');
    await dialog.locator('#import-file').setInputFiles({
      name: 'bob-takeout.mbox',
      mimeType: 'application/mbox',
      buffer: await mbox(subjects),
    });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const result = dialog.getByRole('status').filter({ hasText: 'Imported 4 messages' });
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain(
      'Imported 4 messages into the Gmail backup',
    );
    await expect(
      dialog.getByRole('table', { name: 'Skipped messages' }).textContent(),
    ).resolves.toContain('Message 5does not start with a mail header');
    await dialog.getByText(/ of .* sent; 4 messages imported/).waitFor();
    await expect(dialog.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe(
      '100',
    );
    await saveWholePage(page, 'console-import-backup-dialog');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();

    const mailboxes = page.getByRole('table', { name: 'Mailboxes of bob@wayne.test' });
    await mailboxes.waitFor();
    await expect(mailboxes.getByRole('row', { name: /Gmail/ }).textContent()).resolves.toMatch(
      /Gmail4/,
    );
  });

  it('refuses, with a sentence, to export a backup the user does not have', async () => {
    await page.goto(`/console/pst-exports?user=${bob.id}&source=exchange-online`);
    await page.getByText('bob@wayne.test has no Exchange Online backup.').waitFor();
    await page.getByRole('button', { name: 'Export to PST' }).click();
    await page
      .getByRole('alert')
      .filter({
        hasText: 'bob@wayne.test has no Exchange Online backup to export; import one first.',
      })
      .waitFor();
  });

  it('exports the imported backup and shows it ready on the user page, with its size and requester', async () => {
    await page.goto(`/console/users/${bob.id}`);
    await page
      .getByRole('table', { name: 'Mailboxes of bob@wayne.test' })
      .getByRole('row', { name: /Gmail/ })
      .getByRole('link', { name: 'Export to PST' })
      .click();
    await page.getByText(/4 messages, .* last imported/).waitFor();
    await page.getByRole('button', { name: 'Export to PST' }).click();
    await page.getByText("Exporting bob@wayne.test's Gmail mailbox").waitFor();

    await page.goto(`/console/users/${bob.id}`);
    const exports = page.getByRole('table', { name: 'PST exports of bob@wayne.test' });
    const row = exports.getByRole('row', { name: /Ready/ });
    await row.waitFor({ timeout: 60_000 });
    const text = await row.textContent();
    expect(text).toContain('by ada@wayne.test');
    expect(text).toMatch(/Ready4/);
    await saveWholePage(page, 'console-user-mailboxes');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
