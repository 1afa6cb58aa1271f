import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { UserView } from '@coffer/contracts';
import {
  HttpClient,
  IdentitySeeder,
  importMailboxWithOps,
  launchBrowser,
  Mailbox,
  saveScreenshot,
  seriousAccessibilityViolations,
  ServiceProcesses,
  SimpleSamlIdp,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

/**
 * The seeds as a person clicks them, in Debian's Chromium: a disabled user is refused, an
 * administrator activates them from Users, they sign in and see Data Sources; an administrator
 * creates an API token and finds what happened in the Audit Trails. Every page is checked with
 * axe-core and saved as a screenshot (artifacts/screenshots).
 */
describe('web app in a real browser', () => {
  const { env, config, mailApi } = testEnvironment('web');
  const mailbox = new Mailbox(mailApi);
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const password = 'administrator passphrase 7';
  const userPassword = 'user passphrase number 7';
  let services: ServiceProcesses;
  let browser: Browser;
  let userContext: BrowserContext;
  let adminContext: BrowserContext;
  let user: Page;
  let admin: Page;
  let orgId: string;
  let tokenSecret: string;
  let dir: string;

  /** A page must pass axe-core without serious or critical violations, and is kept as a picture. */
  async function checkPage(page: Page, name: string) {
    await saveScreenshot(page, name);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env });
    await waitForHealthyGateway(baseUrl);
    dir = await mkdtemp(join(tmpdir(), 'web-e2e-'));
    orgId = (await seeder.organization('gotham', { email: 'ada@gotham.test', password }))
      .organization.id;
    const api = new HttpClient(baseUrl);
    await api.post('/api/console/login', { email: 'ada@gotham.test', password });
    const bob = await api.post<UserView>('/api/console/users', {
      email: 'bob@gotham.test',
      name: 'Bob',
      password: userPassword,
    });
    await api.post(`/api/console/users/${bob.body.id}/disable`);
    browser = await launchBrowser();
    userContext = await browser.newContext({ baseURL: baseUrl });
    adminContext = await browser.newContext({ baseURL: baseUrl });
    user = await userContext.newPage();
    admin = await adminContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await seeder.close();
    await rm(dir, { recursive: true, force: true });
    await services?.stopAll();
  });

  it('a disabled user is refused, an administrator activates them, and they sign in', async () => {
    await user.goto('/portal/sign-in');
    await user.getByLabel('Email').fill('bob@gotham.test');
    await user.getByLabel('Password').fill(userPassword);
    await user.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(user.getByRole('alert').textContent()).resolves.toContain(
      'Your account is disabled',
    );
    await checkPage(user, 'portal-sign-in-disabled');

    await admin.goto('/console/sign-in');
    await admin.getByLabel('Email').fill('ada@gotham.test');
    await admin.getByLabel('Password (fail-safe)').fill(password);
    await admin.getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin.waitForURL('**/console/users');
    const bobRow = admin.getByRole('row', { name: /bob@gotham\.test/ });
    await bobRow.getByRole('cell', { name: 'Disabled' }).waitFor();
    await admin.getByRole('checkbox', { name: 'Select bob@gotham.test' }).check();
    await admin.getByRole('button', { name: 'Activate' }).click();
    await admin.getByRole('status').waitFor();
    await bobRow.getByRole('cell', { name: 'Active' }).waitFor();
    await checkPage(admin, 'console-users');

    await user.getByRole('button', { name: 'Sign in', exact: true }).click();
    await user.waitForURL('**/portal');
    await user.getByRole('heading', { name: 'Welcome, Bob' }).waitFor();
    await user.getByRole('button', { name: 'Data Sources' }).waitFor();
    await checkPage(user, 'portal-home');
  });

  it('an administrator creates an API token and finds the activation in the audit trail', async () => {
    await admin.getByRole('link', { name: 'Settings → APIs' }).click();
    await admin.getByLabel('Token name').fill('PST downloads');
    await admin.getByRole('button', { name: 'Create new token' }).click();
    await admin.getByLabel('Token value').waitFor();
    tokenSecret = (await admin.getByLabel('Token value').textContent()) ?? '';
    expect(tokenSecret).toMatch(/^cft_/);
    await checkPage(admin, 'console-api-tokens');

    await admin.getByRole('link', { name: 'Audit Trails' }).click();
    await admin.getByLabel('Activity Type').selectOption('user-management');
    await admin.waitForURL(/activityType=user-management/);
    const entry = admin.getByText('ada@gotham.test has activated the user bob@gotham.test');
    await entry.waitFor();
    await entry.click();
    await admin
      .getByRole('listitem')
      .filter({ hasText: 'has activated the user bob@gotham.test' })
      .getByText('previousStatus')
      .waitFor();
    await checkPage(admin, 'console-audit-trail');
  });

  it('Profiles → User Privacy & Access → Edit → Save turns web restore off for the next sign-in', async () => {
    await admin.getByRole('link', { name: 'Profiles' }).click();
    await admin.getByRole('button', { name: 'Default' }).click();
    const summary = admin.getByRole('region', { name: 'Profile Summary: Default' });
    await summary.getByRole('button', { name: 'Edit' }).click();
    await summary.getByLabel('Allow restore from web browser').uncheck();
    await summary.getByRole('button', { name: 'Save' }).click();
    await expect(summary.getByRole('status').textContent()).resolves.toContain('Saved');
    await checkPage(admin, 'console-profiles');

    await user.getByRole('button', { name: 'Sign out' }).click();
    await user.waitForURL('**/portal/sign-in');
    await user.getByLabel('Email').fill('bob@gotham.test');
    await user.getByLabel('Password').fill(userPassword);
    await user.getByRole('button', { name: 'Sign in', exact: true }).click();
    await user.getByRole('heading', { name: 'Welcome, Bob' }).waitFor();
    await expect(user.getByRole('button', { name: 'Data Sources' }).count()).resolves.toBe(0);
  });

  it('Manage Administrators → Reset Password: the emailed link opens a page that sets the password', async () => {
    await admin.getByRole('link', { name: 'Manage Administrators' }).click();
    await admin.getByLabel('Administrator email').fill('pat@gotham.test');
    await admin.getByLabel('Administrator name').fill('Pat');
    await admin.getByLabel('Fail-safe password').fill(password);
    await admin.getByRole('button', { name: 'Create administrator' }).click();
    await admin.getByRole('cell', { name: 'pat@gotham.test', exact: true }).waitFor();
    await admin.getByLabel('Role of pat@gotham.test').selectOption('cloud-administrator');
    await admin
      .getByRole('status')
      .filter({ hasText: 'pat@gotham.test is a Cloud Administrator now.' })
      .waitFor();
    await admin.getByRole('button', { name: 'Reset Password of pat@gotham.test' }).click();
    await expect(admin.getByRole('status').textContent()).resolves.toContain('pat@gotham.test');
    await checkPage(admin, 'console-administrators');

    const mail = await mailbox.waitForMessageTo('pat@gotham.test');
    const link = /http\S+\/reset-password#token=\S+/.exec(mail.text)![0];
    const patPage = await (await browser.newContext()).newPage();
    await patPage.goto(link);
    await patPage
      .getByLabel('New password (at least 12 characters)')
      .fill('pat chose this new passphrase');
    await patPage.getByRole('button', { name: 'Save password' }).click();
    await expect(patPage.getByRole('status').textContent()).resolves.toBe('Your password is set.');
    await checkPage(patPage, 'reset-password');
  });

  it('the second seed: export, find the lost link in the audit trail, download with an API token', async () => {
    const mbox = join(dir, 'bob.mbox');
    await writeFile(
      mbox,
      [1, 2, 3]
        .map(
          (i) =>
            `From sender@example.com Mon Jan  1 00:00:00 2024\nFrom: sender@example.com\nTo: bob@gotham.test\nSubject: Backed-up message ${i}\nDate: Mon, 1 Jan 2024 00:0${i}:00 +0000\nMessage-ID: <m${i}@example.com>\nX-Gmail-Labels: Inbox\n\nBody ${i}\n`,
        )
        .join('\n'),
    );
    await importMailboxWithOps(env, orgId, 'bob@gotham.test', mbox);

    await admin.getByRole('link', { name: 'PST exports' }).click();
    await admin.getByLabel('User').selectOption({ label: 'bob@gotham.test' });
    await admin.getByRole('button', { name: 'Export to PST' }).click();
    await admin.getByRole('link', { name: 'Download page' }).waitFor({ timeout: 60_000 });
    await checkPage(admin, 'console-pst-exports');

    await admin.getByRole('link', { name: 'Audit Trails' }).click();
    await admin.getByLabel('Activity Type').selectOption('restore-download-share');
    // The administrator's own entry on the Admin trail carries the link.
    const ready = admin.getByText(
      "ada@gotham.test has requested a PST export of bob@gotham.test's gmail data",
    );
    // The trail follows the events by a moment: Refresh until the entry is there (bounded).
    for (let attempt = 0; attempt < 30 && (await ready.count()) === 0; attempt++) {
      await admin.waitForTimeout(500);
      await admin.getByRole('button', { name: 'Refresh' }).click();
    }
    await ready.waitFor();
    await ready.click();
    const link = admin.getByRole('listitem').filter({ has: ready }).getByRole('link');
    const downloadUrl = (await link.getAttribute('href')) ?? '';
    expect(downloadUrl).toMatch(/\/download\/pst\//);

    // Another browser, without a console session: the page asks who you are.
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(downloadUrl);
    await stranger.getByLabel('Email').fill('ada@gotham.test');
    await stranger.getByLabel('or API token').fill(tokenSecret);
    await checkPage(stranger, 'pst-download-page');
    const [download] = await Promise.all([
      stranger.waitForEvent('download'),
      stranger.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pst$/);
    const saved = join(dir, 'bob.pst');
    await download.saveAs(saved);
    expect((await readFile(saved)).subarray(0, 4).toString('latin1')).toBe('!BDN');
  });

  it('Settings → SSO says what to give the identity provider', async () => {
    await admin.getByRole('link', { name: 'Settings → SSO' }).click();
    await admin.getByText('Assertion consumer service URL').waitFor();
    await expect(admin.getByText(`${baseUrl}/sso/${orgId}/acs`).count()).resolves.toBe(1);
    await checkPage(admin, 'console-sso-settings');
  });

  it('Users → Add user, Settings → SSO with the IdP metadata, and the user signs in with SSO', async () => {
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByText('Add users').click();
    await admin.getByLabel('User email').fill('carol@gotham.test');
    await admin.getByLabel('User name').fill('Carol');
    await admin.getByRole('button', { name: 'Add user' }).click();
    await expect(admin.getByRole('status').textContent()).resolves.toContain('carol@gotham.test');
    await admin.getByLabel(/Import users from a CSV file/).setInputFiles({
      name: 'users.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('email,name\ndan@gotham.test,Dan\nnot-an-email,Nobody\n'),
    });
    await admin
      .getByRole('status')
      .filter({ hasText: /^Imported 1 user\. Line 3 \(not-an-email\): / })
      .waitFor();
    await admin.getByRole('cell', { name: 'dan@gotham.test', exact: true }).waitFor();

    const idp = await SimpleSamlIdp.start([
      {
        username: 'carol',
        password: 'carol-at-the-idp',
        attributes: { mail: ['carol@gotham.test'], displayName: ['Carol'] },
      },
    ]);
    try {
      await idp.trustServiceProviders([
        { entityId: `${baseUrl}/sso/${orgId}/metadata`, acsUrl: `${baseUrl}/sso/${orgId}/acs` },
      ]);
      await admin.getByRole('link', { name: 'Settings → SSO' }).click();
      await admin.getByLabel('or paste the IdP metadata XML').fill(await idp.metadataXml());
      await admin.getByLabel('Users sign in only through SSO').check();
      await admin.getByRole('button', { name: 'Save' }).click();
      await expect(admin.getByRole('status').textContent()).resolves.toBe(
        'Single sign-on settings saved.',
      );

      const carol = await (await browser.newContext({ baseURL: baseUrl })).newPage();
      await carol.goto('/portal/sign-in');
      await carol.getByLabel('Email').fill('carol@gotham.test');
      await carol.getByRole('link', { name: 'Sign in with SSO' }).click();
      // SimpleSAMLphp's own login page, then its page that posts the answer back to us.
      await carol.locator('#username').fill('carol');
      await carol.locator('#password').fill('carol-at-the-idp');
      await carol.locator('#password').press('Enter');
      await carol.waitForURL(`${baseUrl}/portal`, { timeout: 30_000 });
      await carol.getByRole('heading', { name: 'Welcome, Carol' }).waitFor();
      await checkPage(carol, 'portal-home-after-sso');
    } finally {
      await idp.stop();
    }
  });

  it('serves the app with a strict content security policy', async () => {
    const response = await fetch(`${baseUrl}/console/users`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).toContain('<div id="root">');
  });
});
