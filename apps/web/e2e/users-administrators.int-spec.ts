import { randomBytes } from 'node:crypto';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { UserView } from '@coffer/contracts';
import {
  expectEventually,
  HttpClient,
  IdentitySeeder,
  launchBrowser,
  Mailbox,
  seriousAccessibilityViolations,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

import { saveWholePage, toast } from './console-helpers';

/**
 * The Users table as the server pages, sorts and counts it (the URL keeps the page and the
 * sort), a bulk Disable that names the users before it acts, a user's sign-in history and
 * Resend invite, and Manage Administrators inviting someone who chooses their own password from
 * the emailed link (read back from the SMTP catcher), then disabling and enabling them.
 */
describe('Users and Manage Administrators in a real browser', () => {
  const { env, config, mailApi } = testEnvironment('console-users');
  const baseUrl = config.publicUrl;
  const mailbox = new Mailbox(mailApi);
  // The mail catcher keeps mail across runs: addresses of this run only.
  const domain = `w${randomBytes(3).toString('hex')}.test`;
  const seeder = new IdentitySeeder(config);
  const password = 'administrator passphrase 7';
  const userPassword = 'user passphrase number 7';
  const api = new HttpClient(baseUrl);
  let services: ServiceProcesses;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let zoe: UserView;
  let olga: UserView;

  async function checkPage(name: string, shown: Page = page) {
    await shown.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    await saveWholePage(shown, name);
    expect(await seriousAccessibilityViolations(shown)).toEqual([]);
  }

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env });
    await waitForHealthyGateway(baseUrl);
    await seeder.organization('wayne', { email: `ada@${domain}`, password });
    await api.post('/api/console/login', { email: `ada@${domain}`, password });
    // 23 users: a page of 20 and a second page of 3.
    for (let index = 0; index < 22; index++) {
      const letter = String.fromCharCode(97 + index);
      await api.post('/api/console/users', {
        email: `${letter}${letter}@${domain}`,
        name: `User ${letter.toUpperCase()}`,
        password: userPassword,
      });
    }
    zoe = (
      await api.post<UserView>('/api/console/users', {
        email: `zoe@${domain}`,
        name: 'Zoe',
        password: userPassword,
      })
    ).body;
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1440, height: 900 },
    });
    page = await context.newPage();
    await page.goto('/console/sign-in');
    await page.getByLabel('Email').fill(`ada@${domain}`);
    await page.getByLabel('Password (fail-safe)').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/console/users');
  });

  afterAll(async () => {
    await browser?.close();
    await seeder.close();
    await services?.stopAll();
  });

  const rows = () =>
    page.getByRole('table', { name: 'Users of your organisation' }).locator('tbody tr');

  it('pages through the users with the total, and keeps the page in the URL', async () => {
    await page.goto('/console/users?pageSize=20');
    await page.getByText('23 users', { exact: true }).waitFor();
    await expect(rows().count()).resolves.toBe(20);
    await page.getByRole('button', { name: 'Go to next page' }).first().click();
    await page.waitForURL(/page=2/);
    await page.getByRole('row', { name: new RegExp(`zoe@${domain}`) }).waitFor();
    await expect(rows().count()).resolves.toBe(3);
    await checkPage('console-users-page-2');
    // A reload shows the same page.
    await page.reload();
    await page.getByRole('row', { name: new RegExp(`zoe@${domain}`) }).waitFor();
  });

  it('sorts by a column on the server, both ways, from the column header', async () => {
    await page.goto('/console/users?pageSize=20');
    await page.getByRole('button', { name: 'Name' }).click();
    await page.waitForURL(/sort=name/);
    await rows().first().filter({ hasText: 'User A' }).waitFor();
    await page.getByRole('button', { name: 'Name' }).click();
    await page.waitForURL(/order=desc/);
    // Descending by name: Zoe first, on the first page though she was on the second.
    // Waited for, not read at once: the URL changes before the new page arrives.
    await rows().first().filter({ hasText: 'Zoe' }).waitFor();
    await checkPage('console-users-sorted');
  });

  it('Select all, Disable: the dialog names the users, and confirming disables them in one request', async () => {
    await page.goto('/console/users?pageSize=20');
    await page.getByRole('row', { name: new RegExp(`aa@${domain}`) }).waitFor();
    await page.getByRole('checkbox', { name: 'Select all users on this page' }).check();
    await page.getByText('23 users, 20 selected').waitFor();
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable 20 users?' });
    await dialog.getByText(`User A (aa@${domain})`).waitFor();
    await dialog.getByText('and 10 more users.').waitFor();
    await checkPage('console-users-bulk-disable-dialog');
    const [request] = await Promise.all([
      page.waitForRequest((sent) => sent.url().endsWith('/api/console/users/bulk-status')),
      dialog.getByRole('button', { name: 'Disable 20 users' }).click(),
    ]);
    expect(request.postDataJSON()).toMatchObject({ action: 'disable' });
    await toast(page, 'Disabled 20 users.').waitFor();

    await page.getByLabel('Status').selectOption('disabled');
    await page.waitForURL(/status=disabled/);
    await page.getByText('20 users', { exact: true }).waitFor();
    const disabled = await api.get<UserView[]>('/api/console/users?status=disabled&pageSize=500');
    expect(disabled.body).toHaveLength(20);
    await api.post('/api/console/users/bulk-status', {
      action: 'activate',
      userIds: disabled.body.map((user) => user.id),
    });
  });

  it("a user's page shows their sign-ins, and Resend invite for one without a password", async () => {
    const portal = new HttpClient(baseUrl);
    expect(
      (await portal.post('/api/portal/login', { email: zoe.email, password: userPassword })).status,
    ).toBe(200);
    await page.goto(`/console/users/${zoe.id}`);
    const card = page.getByRole('table', { name: `Sign-ins of ${zoe.email}` });
    // The history follows the sign-in events by a moment: Refresh until it is there (bounded).
    await expectEventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await card.getByText('Signed in').waitFor({ timeout: 1_000 });
    });
    await expect(page.getByRole('button', { name: 'Resend invite' }).count()).resolves.toBe(0);
    await checkPage('console-user-sign-ins');

    olga = (
      await api.post<UserView>('/api/console/users', { email: `olga@${domain}`, name: 'Olga' })
    ).body;
    await mailbox.waitForMessageTo(olga.email);
    await page.goto(`/console/users/${olga.id}`);
    await page.getByText('Olga has not chosen a password yet.').waitFor();
    await page.getByRole('button', { name: 'Resend invite' }).click();
    await toast(page, `A new link to choose a password was sent to ${olga.email}.`).waitFor();
    await checkPage('console-user-resend-invite');
    await expectEventually(async () => {
      expect((await mailbox.messagesTo(olga.email)).length).toBe(2);
    });
  });

  it('Invite administrator: no password typed; the invited one chooses it from the emailed link', async () => {
    const email = `rita@${domain}`;
    await page.goto('/console/administrators');
    await page.getByRole('button', { name: 'Invite administrator' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite administrator' });
    await dialog.getByLabel('Administrator email').fill(email);
    await dialog.getByLabel('Administrator name').fill('Rita');
    await expect(dialog.getByLabel(/password/i).count()).resolves.toBe(0);
    await checkPage('console-administrators-invite');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await toast(page, `${email} is an administrator now.`).waitFor();
    await page.getByRole('cell', { name: email, exact: true }).waitFor();

    const mail = await mailbox.waitForMessageTo(email);
    expect(mail.subject).toBe('You are a Coffer administrator: choose your password');
    const link = /http\S+\/reset-password#token=\S+/.exec(mail.text)![0];
    const rita = await (await browser.newContext({ baseURL: baseUrl })).newPage();
    await rita.goto(link);
    await rita.getByLabel(/^New password/).fill('rita chose this new passphrase');
    await rita.getByLabel('Confirm the new password').fill('rita chose this new passphrase');
    await rita.getByRole('button', { name: 'Save password' }).click();
    await expect(rita.getByRole('status').textContent()).resolves.toContain(
      'Your password is set.',
    );
    await rita.goto('/console/sign-in');
    await rita.getByLabel('Email').fill(email);
    await rita.getByLabel('Password (fail-safe)').fill('rita chose this new passphrase');
    await rita.getByRole('button', { name: 'Sign in', exact: true }).click();
    await rita.waitForURL('**/console/users');
    await rita.context().close();
  });

  it('Disable asks first; a disabled administrator shows as such and is enabled again', async () => {
    const email = `rita@${domain}`;
    await page.goto('/console/administrators');
    await page.getByRole('button', { name: `Disable ${email}` }).click();
    await page.getByRole('button', { name: 'Disable administrator' }).click();
    await toast(page, `${email} is disabled.`).waitFor();
    const row = page.getByRole('row', { name: new RegExp(email) });
    await row.getByText('Disabled', { exact: true }).waitFor();
    await checkPage('console-administrators-disabled');
    await page.getByRole('button', { name: `Enable ${email}` }).click();
    await toast(page, `${email} can sign in again.`).waitFor();
    await row.getByText('Active', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Reset MFA of ${email}` }).click();
    await page
      .getByRole('dialog', { name: `Reset the multi-factor authentication of ${email}?` })
      .getByRole('button', { name: 'Cancel' })
      .click();
  });
});
