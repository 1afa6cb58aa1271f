import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { UserView } from '@coffer/contracts';
import {
  expectEventually,
  HttpClient,
  importMailboxWithOps,
  launchBrowser,
  Mailbox,
  seriousAccessibilityViolations,
  servicesUnderTest,
  SimpleSamlIdp,
} from '@coffer/testing';

import { saveWholePage, toast } from './console-helpers';

/**
 * The seeds as a person clicks them, in Debian's Chromium: a disabled user is refused, an
 * administrator activates them from Users, they sign in and see Data Sources; an administrator
 * creates an API token and finds what happened in the Audit Trails. Every page is checked with
 * axe-core and saved as a screenshot (artifacts/screenshots).
 */
describe('web app in a real browser', () => {
  const { env, mailApi, baseUrl, seeder } = servicesUnderTest('web');
  const mailbox = new Mailbox(mailApi);
  const password = 'administrator passphrase 7';
  const userPassword = 'user passphrase number 7';
  let browser: Browser;
  let userContext: BrowserContext;
  let adminContext: BrowserContext;
  let user: Page;
  let admin: Page;
  let orgId: string;
  let tokenSecret: string;
  let dir: string;

  /** The newest mail to `address`, once it is the one with this subject (bounded wait). */
  const mailWith = (address: string, subject: string) =>
    expectEventually(async () => {
      const mail = await mailbox.waitForMessageTo(address);
      expect(mail.subject).toBe(subject);
      return mail;
    });

  /** A page must pass axe-core without serious or critical violations, and is kept as a picture. */
  async function checkPage(page: Page, name: string) {
    await saveWholePage(page, name);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
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
    await toast(admin, 'Activated 1 user.').waitFor();
    await bobRow.getByRole('cell', { name: 'Active' }).waitFor();
    await checkPage(admin, 'console-users');

    await user.getByRole('button', { name: 'Sign in', exact: true }).click();
    await user.waitForURL('**/portal');
    await user.getByRole('heading', { name: 'Welcome, Bob' }).waitFor();
    await user.getByRole('tab', { name: 'Data Sources' }).waitFor();
    await checkPage(user, 'portal-home');
  });

  it('an administrator creates an API token and finds the activation in the audit trail', async () => {
    await admin.getByRole('link', { name: 'APIs', exact: true }).click();
    await admin.getByLabel('Token name').fill('PST downloads');
    await admin.getByRole('button', { name: 'Create new token' }).click();
    await admin.getByLabel('Token value').waitFor();
    tokenSecret = await admin.getByLabel('Token value').inputValue();
    expect(tokenSecret).toMatch(/^cft_/);
    await checkPage(admin, 'console-api-tokens');

    await admin.getByRole('link', { name: 'Audit Trails' }).click();
    await admin.getByLabel('Activity Type').selectOption('user-management');
    await admin.waitForURL(/activityType=user-management/);
    const entry = admin.getByRole('row', {
      name: /ada@gotham\.test has activated the user bob@gotham\.test/,
    });
    await entry.getByRole('button', { name: 'Details' }).click();
    const details = admin.getByLabel(
      'Details of: ada@gotham.test has activated the user bob@gotham.test',
    );
    // Labelled values, not raw JSON: "Previous status: Disabled".
    await details.getByText('Previous status', { exact: true }).waitFor();
    await details
      .getByRole('definition')
      .filter({ hasText: /^Disabled$/ })
      .waitFor();
    await checkPage(admin, 'console-audit-trail');
  });

  it('Profiles → User Privacy & Access → Edit → Save turns web restore off for the next sign-in', async () => {
    await admin.getByRole('link', { name: 'Profiles' }).click();
    await admin.getByRole('link', { name: 'Default' }).click();
    await admin.getByRole('heading', { name: 'Default', level: 1 }).waitFor();
    await admin.getByRole('button', { name: 'Edit' }).click();
    const access = admin.getByRole('form', { name: 'User Privacy & Access of Default' });
    await access.getByLabel('Allow restore from web browser').uncheck();
    // Before saving, the page says whom the change reaches.
    await access.getByText(/This changes what the 1 user of this profile can do/).waitFor();
    await access.getByRole('button', { name: 'Save' }).click();
    await toast(admin, /Saved/).waitFor();
    await checkPage(admin, 'console-profiles');

    await user.getByRole('button', { name: 'Sign out' }).click();
    await user.waitForURL('**/portal/sign-in');
    await user.getByLabel('Email').fill('bob@gotham.test');
    await user.getByLabel('Password').fill(userPassword);
    await user.getByRole('button', { name: 'Sign in', exact: true }).click();
    await user.getByRole('heading', { name: 'Welcome, Bob' }).waitFor();
    await expect(user.getByRole('tab', { name: 'Data Sources' }).count()).resolves.toBe(0);
  });

  it('Manage Administrators → Reset Password: the emailed link opens a page that sets the password', async () => {
    await admin.getByRole('link', { name: 'Manage Administrators' }).click();
    await admin.getByRole('button', { name: 'Invite administrator' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Invite administrator' });
    await dialog.getByLabel('Administrator email').fill('pat@gotham.test');
    await dialog.getByLabel('Administrator name').fill('Pat');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await admin.getByRole('cell', { name: 'pat@gotham.test', exact: true }).waitFor();
    await mailWith('pat@gotham.test', 'You are a Coffer administrator: choose your password');
    await admin.getByRole('button', { name: 'Change role of pat@gotham.test' }).click();
    await admin.getByLabel('Cloud Administrator').check();
    await admin.getByRole('button', { name: 'Change role', exact: true }).click();
    await toast(admin, 'pat@gotham.test is a Cloud Administrator now.').waitFor();
    await admin.getByRole('button', { name: 'Reset Password of pat@gotham.test' }).click();
    await admin.getByRole('button', { name: 'Send reset link' }).click();
    await toast(admin, 'A link to set a new password was sent to pat@gotham.test.').waitFor();
    await checkPage(admin, 'console-administrators');

    // The reset link replaces the invitation's: the newest mail is the one to follow.
    const mail = await mailWith('pat@gotham.test', 'Reset your Coffer fail-safe password');
    const link = /http\S+\/reset-password#token=\S+/.exec(mail.text)![0];
    const patPage = await (await browser.newContext()).newPage();
    await patPage.goto(link);
    // The rules are there before anything is typed.
    await patPage.getByText('At least 12 characters').waitFor();
    await patPage.getByLabel(/^New password/).fill('pat chose this new passphrase');
    await patPage.getByLabel('Confirm the new password').fill('pat chose this new passphrase');
    await patPage.getByRole('button', { name: 'Save password' }).click();
    await expect(patPage.getByRole('status').textContent()).resolves.toContain(
      'Your password is set.',
    );
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
    await admin.getByRole('combobox', { name: 'User' }).fill('bob');
    await admin.getByRole('option', { name: /bob@gotham\.test/ }).click();
    await admin.getByLabel('Folders or labels (optional)').fill('Inbox');
    await admin.getByRole('button', { name: 'Export to PST' }).click();
    await admin.getByRole('link', { name: 'Download page' }).waitFor({ timeout: 60_000 });
    // The list says what of the backup the export took.
    await admin
      .getByRole('table', { name: 'Exports' })
      .getByText('Inbox', { exact: true })
      .waitFor();
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
    const entry = admin.locator('tbody').filter({ has: ready });
    await entry.getByRole('button', { name: 'Details' }).click();
    const link = entry.getByRole('link');
    const downloadUrl = (await link.getAttribute('href')) ?? '';
    expect(downloadUrl).toMatch(/\/download\/pst\//);

    // Another browser, without a console session: the emailed link's page asks who you are.
    // A wrong token keeps the email and says the sentence administrators know; the right one
    // starts the download and says so.
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(downloadUrl);
    await stranger.getByRole('heading', { level: 1, name: 'Download PST export' }).waitFor();
    await stranger.getByLabel('Email').fill('ada@gotham.test');
    await stranger.getByRole('button', { name: 'API token' }).click();
    await stranger.getByLabel('API token').fill('cft_wrong');
    await checkPage(stranger, 'pst-download-page');
    await stranger.getByRole('button', { name: 'Download', exact: true }).click();
    await expect(stranger.getByRole('alert').textContent()).resolves.toContain(
      'Invalid email-id\\username or password',
    );
    await expect(stranger.getByLabel('Email').inputValue()).resolves.toBe('ada@gotham.test');
    await expect(stranger.getByRole('link', { name: 'Sign in with SSO' }).count()).resolves.toBe(1);
    await checkPage(stranger, 'pst-download-page-error');
    await stranger.getByLabel('API token').fill(tokenSecret);
    const [download] = await Promise.all([
      stranger.waitForEvent('download'),
      stranger.getByRole('button', { name: 'Download', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pst$/);
    const saved = join(dir, 'bob.pst');
    await download.saveAs(saved);
    expect((await readFile(saved)).subarray(0, 4).toString('latin1')).toBe('!BDN');
    await expect(stranger.getByRole('status').textContent()).resolves.toMatch(
      /Your download of .+\.pst has started\./,
    );
    await checkPage(stranger, 'pst-download-page-started');
  });

  it('Settings → SSO says what to give the identity provider', async () => {
    await admin.getByRole('link', { name: 'Single sign-on' }).click();
    const acs = admin.getByRole('textbox', { name: 'Assertion consumer service URL' });
    await expect(acs.inputValue()).resolves.toBe(`${baseUrl}/sso/${orgId}/acs`);
    await checkPage(admin, 'console-sso-settings');
  });

  it('Users → Add user, Settings → SSO with the IdP metadata, and the user signs in with SSO', async () => {
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('button', { name: 'Add users' }).click();
    // Problems are told beside their fields, from the schema the gateway checks, before sending.
    await admin.getByLabel('User email').fill('carol at gotham');
    await admin.getByRole('button', { name: 'Add user' }).click();
    const addUser = admin.getByRole('form', { name: 'Add a user' });
    await addUser.getByText('Enter the user name.').waitFor();
    await addUser.getByText(/valid email/i).waitFor();
    await admin.getByLabel('User email').fill('carol@gotham.test');
    expect(await addUser.getByText(/valid email/i).count()).toBe(0);
    await admin.getByLabel('User name').fill('Carol');
    await admin.getByRole('button', { name: 'Add user' }).click();
    await toast(admin, 'carol@gotham.test was added').waitFor();
    await admin.getByLabel(/Import users from a CSV file/).setInputFiles({
      name: 'users.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('email,name\ndan@gotham.test,Dan\nnot-an-email,Nobody\n'),
    });
    await admin
      .getByRole('status')
      .filter({ hasText: /Imported 1 user\..*Line 3 \(not-an-email\): / })
      .waitFor();
    await admin.keyboard.press('Escape');
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
      await admin.getByRole('link', { name: 'Single sign-on' }).click();
      await admin.getByLabel('or paste the IdP metadata XML').fill(await idp.metadataXml());
      await admin.getByLabel('Users sign in only through SSO').check();
      await admin.getByRole('button', { name: 'Save' }).click();
      await toast(admin, 'Single sign-on settings saved.').waitFor();

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

      // Settings → SSO → Test sign-in: through the IdP and back, and nobody is signed in by it.
      await admin.getByRole('button', { name: 'Test sign-in' }).click();
      await admin.locator('#username').fill('carol');
      await admin.locator('#password').fill('carol-at-the-idp');
      await admin.locator('#password').press('Enter');
      await admin.waitForURL(/\/console\/settings\/sso\?test=/, { timeout: 30_000 });
      const result = admin.getByRole('region', { name: 'Test result' });
      await result.getByText('The test sign-in worked').waitFor();
      await expect(result.textContent()).resolves.toContain('user carol@gotham.test (active)');
      await expect(result.textContent()).resolves.toContain('displayName');
      await checkPage(admin, 'console-sso-test-result');
      // Still the administrator's own console session, not carol's.
      await admin.getByRole('link', { name: 'Users' }).click();
      await admin.getByRole('cell', { name: 'dan@gotham.test', exact: true }).waitFor();
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
