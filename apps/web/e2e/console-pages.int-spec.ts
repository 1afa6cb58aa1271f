import type { Browser, BrowserContext, Page } from 'playwright-core';

import {
  type AdministratorView,
  AUDIT_ACTIVITY_TYPE_NAMES,
  AUDIT_ACTIVITY_TYPES,
  CLOUD_ADMINISTRATOR_ONLY_ACTIVITY_TYPES,
  type ProfileView,
  type UserView,
} from '@coffer/contracts';
import {
  HttpClient,
  launchBrowser,
  seriousAccessibilityViolations,
  servicesUnderTest,
} from '@coffer/testing';

import { fitsViewport, saveWholePage, tabTo, toast } from './console-helpers';

const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** The console's pages, each with the h1 (and browser tab title) it must show. */
const CONSOLE_PAGES = [
  { name: 'users', path: '/console/users', heading: 'Users' },
  { name: 'users-search', path: '/console/users?q=carol&status=active', heading: 'Users' },
  { name: 'profiles', path: '/console/profiles', heading: 'Profiles' },
  { name: 'administrators', path: '/console/administrators', heading: 'Manage Administrators' },
  { name: 'pst-exports', path: '/console/pst-exports', heading: 'PST exports' },
  { name: 'audit', path: '/console/audit', heading: 'Audit Trails' },
  { name: 'api-tokens', path: '/console/settings/apis', heading: 'APIs' },
  { name: 'sso', path: '/console/settings/sso', heading: 'Single sign-on' },
  {
    name: 'two-factor',
    path: '/console/settings/two-factor',
    heading: 'Two-factor authentication',
  },
  { name: 'security', path: '/console/settings/security', heading: 'Security' },
  {
    name: 'account-activity',
    path: '/console/settings/activity',
    heading: 'Your sessions and sign-ins',
  },
  { name: 'not-found', path: '/console/no-such-page', heading: 'Page not found' },
] as const;

/**
 * Every console page at 1440×900 and on a 390 px phone: its title, no serious axe-core
 * violation, nothing wider than the screen, a screenshot. Then what the pages promise: the
 * navigation collapses on a phone, destructive actions ask first, a product administrator gets
 * "Not allowed", a keyboard alone gets through the main flow, and the audit filter's days are
 * the browser's own (Asia/Tokyo here) while the API gets UTC instants.
 */
describe('console pages in a real browser', () => {
  const { baseUrl, seeder } = servicesUnderTest('console');
  const password = 'administrator passphrase 7';
  const api = new HttpClient(baseUrl);
  let browser: Browser;
  let carol: UserView;
  let sales: ProfileView;
  let pam: AdministratorView;

  async function checkPage(page: Page, name: string) {
    await saveWholePage(page, name);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }

  async function signedIn(
    email: string,
    options: { width?: number; height?: number; timezoneId?: string } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
      timezoneId: options.timezoneId,
    });
    const page = await context.newPage();
    await page.goto('/console/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password (fail-safe)').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/console/users');
    return { context, page };
  }

  beforeAll(async () => {
    await seeder.organization('wayne', { email: 'ada@wayne.test', password });
    await api.post('/api/console/login', { email: 'ada@wayne.test', password });
    pam = (
      await api.post<AdministratorView>('/api/console/administrators', {
        email: 'pam@wayne.test',
        name: 'Pam',
        role: 'product-administrator',
        password,
      })
    ).body;
    const bob = await api.post<UserView>('/api/console/users', {
      email: 'bob@wayne.test',
      name: 'Bob',
      password: 'user passphrase number 7',
    });
    await api.post(`/api/console/users/${bob.body.id}/disable`);
    carol = (
      await api.post<UserView>('/api/console/users', {
        email: 'carol@wayne.test',
        name: 'Carol Quite-A-Long-Surname',
        password: 'user passphrase number 7',
      })
    ).body;
    sales = (
      await api.post<ProfileView>('/api/console/profiles', {
        name: 'Sales',
        dataSources: ['devices', 'gmail'],
        allowWebRestore: true,
        allowShare: false,
      })
    ).body;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe.each(VIEWPORTS)('at $name size ($width×$height)', (viewport) => {
    let page: Page;

    beforeAll(async () => {
      ({ page } = await signedIn('ada@wayne.test', viewport));
    });

    it.each(CONSOLE_PAGES)('$path has its title, fits the screen and passes axe', async (shown) => {
      await page.goto(shown.path);
      await page.getByRole('heading', { level: 1, name: shown.heading }).waitFor();
      // Skeletons are gone once the page's content is there.
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      await expect(page.title()).resolves.toBe(`${shown.heading} · Coffer console`);
      await expect(fitsViewport(page)).resolves.toMatchObject({ fits: true });
      await checkPage(page, `console-${shown.name}-${viewport.name}`);
    });

    it('the detail pages of a user and a profile', async () => {
      await page.goto(`/console/users/${carol.id}`);
      await page.getByRole('heading', { level: 1, name: carol.name }).waitFor();
      await page.getByRole('button', { name: 'Change profile' }).waitFor();
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      await expect(fitsViewport(page)).resolves.toMatchObject({ fits: true });
      await checkPage(page, `console-user-detail-${viewport.name}`);

      await page.goto(`/console/profiles/${sales.id}`);
      await page.getByRole('heading', { level: 1, name: 'Sales' }).waitFor();
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      await expect(fitsViewport(page)).resolves.toMatchObject({ fits: true });
      await checkPage(page, `console-profile-detail-${viewport.name}`);
    });

    it('Disable asks first, naming the users, and Cancel changes nothing', async () => {
      await page.goto('/console/users');
      await page.getByRole('checkbox', { name: 'Select carol@wayne.test' }).check();
      await page.getByRole('button', { name: 'Disable', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Disable 1 user?' });
      await dialog.getByText('Carol Quite-A-Long-Surname (carol@wayne.test)').waitFor();
      await checkPage(page, `console-users-disable-dialog-${viewport.name}`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      const user = await api.get<UserView>(`/api/console/users/${carol.id}`);
      expect(user.body.status).toBe('active');
    });
  });

  it('on a phone the navigation is collapsed and opens from its button', async () => {
    const { page, context } = await signedIn('ada@wayne.test', { width: 390, height: 844 });
    const nav = page.getByRole('navigation', { name: 'Console' });
    await expect(nav.isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Navigation' }).click();
    await nav.getByRole('link', { name: 'Profiles' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profiles' }).waitFor();
    // Choosing a page closes the navigation again, so the page is readable.
    await nav.waitFor({ state: 'hidden' });
    await context.close();
  });

  it('pages outside the console: sign-in, passwords, the PST download page, 404', async () => {
    for (const viewport of VIEWPORTS) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport });
      const page = await context.newPage();
      const pages = [
        {
          name: 'console-sign-in',
          path: '/console/sign-in',
          heading: 'Sign in to the management console',
        },
        { name: 'portal-sign-in', path: '/portal/sign-in', heading: 'Sign in to the web portal' },
        {
          name: 'set-password',
          path: '/set-password#token=an-emailed-token',
          heading: 'Choose your password',
        },
        {
          name: 'pst-download-unknown',
          path: '/download/pst/6f1c7a52-0b1e-4b8e-9d53-3a0c1d2e4f5a',
          heading: 'Download PST export',
        },
        { name: 'not-found-top', path: '/portal/nowhere', heading: 'Page not found' },
        // An address nothing serves: the app's page for a browser, still a 404.
        { name: 'not-found-elsewhere', path: '/no-such-address', heading: 'Page not found' },
      ];
      for (const shown of pages) {
        await page.goto(shown.path);
        await page.getByRole('heading', { level: 1, name: shown.heading }).waitFor();
        await expect(page.title()).resolves.toContain(shown.heading);
        await expect(fitsViewport(page)).resolves.toMatchObject({ fits: true });
        await checkPage(page, `${shown.name}-${viewport.name}`);
      }
      expect((await page.goto('/no-such-address'))?.status()).toBe(404);
      // A script, which does not ask for HTML, keeps the JSON answer.
      const script = await fetch(`${baseUrl}/no-such-address`);
      expect(script.status).toBe(404);
      await expect(script.json()).resolves.toMatchObject({ code: 'not-found' });
      // The rules are there before anything is typed, the meter rates what is.
      await page.goto('/set-password#token=an-emailed-token');
      await page.getByText('At least 12 characters').waitFor();
      // The same list of common passwords identity refuses, checked as it is typed.
      await page.getByLabel(/^New password/).fill('password1234');
      await page
        .locator('.pf-v6-c-helper-text__item.pf-m-error')
        .filter({ hasText: 'Not one of the commonly used passwords' })
        .waitFor();
      await page.getByLabel(/^New password/).fill('correct horse battery staple');
      await page
        .getByText(/Strong|Very strong/)
        .first()
        .waitFor();
      await page.getByLabel('Confirm the new password').fill('correct horse battery stapler');
      await page.getByText('The two passwords differ.').waitFor();
      await expect(page.getByRole('button', { name: 'Save password' }).isDisabled()).resolves.toBe(
        true,
      );
      await checkPage(page, `set-password-typed-${viewport.name}`);
      await context.close();
    }
  });

  it('a product administrator gets "Not allowed", never the form, on cloud administrator pages', async () => {
    const { page, context } = await signedIn('pam@wayne.test');
    const nav = page.getByRole('navigation', { name: 'Console' });
    await expect(nav.getByRole('link', { name: 'Manage Administrators' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Single sign-on' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Security', exact: true }).count()).resolves.toBe(0);
    for (const path of [
      '/console/settings/sso',
      '/console/administrators',
      '/console/settings/security',
    ]) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
      await expect(page.getByRole('form').count()).resolves.toBe(0);
      await expect(page.getByRole('textbox').count()).resolves.toBe(0);
    }
    await checkPage(page, 'console-not-allowed');
    // The audit filter offers what the audit service shows a product administrator, no more.
    await page.goto('/console/audit');
    await page.getByLabel('Activity Type').waitFor();
    const offered = await page.getByLabel('Activity Type').locator('option').allTextContents();
    expect(offered).toEqual([
      'All activity types',
      ...AUDIT_ACTIVITY_TYPE_NAMES.filter(
        (name) => !CLOUD_ADMINISTRATOR_ONLY_ACTIVITY_TYPES.includes(name),
      ).map((name) => AUDIT_ACTIVITY_TYPES[name].label),
    ]);
    await context.close();
  });

  it('choosing a role saves nothing until the dialog is confirmed', async () => {
    const { page, context } = await signedIn('ada@wayne.test');
    await page.goto('/console/administrators');
    await page.getByRole('button', { name: 'Change role of pam@wayne.test' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the role of pam@wayne.test' });
    await dialog.getByLabel('Cloud Administrator').check();
    await dialog.getByText('A Cloud Administrator can manage every administrator').waitFor();
    await checkPage(page, 'console-administrators-role-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const administrators = await api.get<AdministratorView[]>('/api/console/administrators');
    expect(administrators.body.find((one) => one.id === pam.id)?.role).toBe(
      'product-administrator',
    );
    await context.close();
  });

  it('a profile change warns before it locks users out of the portal', async () => {
    const { page, context } = await signedIn('ada@wayne.test');
    await page.goto(`/console/profiles/${sales.id}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Allow restore from web browser').uncheck();
    await page.getByText(/can no longer sign in to the web portal/).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lock these users out of the web portal?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const profile = await api.get<ProfileView>(`/api/console/profiles/${sales.id}`);
    expect(profile.body.allowWebRestore).toBe(true);
    await context.close();
  });

  it('Change profile on the user page moves the user, and the profile lists them', async () => {
    const { page, context } = await signedIn('ada@wayne.test');
    await page.goto(`/console/users/${carol.id}`);
    await page.getByRole('button', { name: 'Change profile' }).click();
    const dialog = page.getByRole('dialog', { name: /Change the profile of Carol/ });
    await dialog.getByLabel('New profile').selectOption({ label: 'Sales' });
    await dialog.getByText('Their next sign-in follows the rules of Sales.').waitFor();
    await dialog.getByRole('button', { name: 'Change profile' }).click();
    await toast(page, 'carol@wayne.test is in the profile Sales now.').waitFor();
    await page.getByRole('link', { name: 'Sales' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sales' }).waitFor();
    await page
      .getByRole('table', { name: 'Members of Sales' })
      .getByText('carol@wayne.test')
      .waitFor();
    await context.close();
  });

  it('Settings → APIs: Copy Token says Copied, a revoked token leaves the screen', async () => {
    const { page, context } = await signedIn('ada@wayne.test');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await page.goto('/console/settings/apis');
    await page.getByLabel('Token name').fill('Nightly export');
    await page.getByRole('button', { name: '90 days' }).click();
    await page.getByRole('button', { name: 'Create new token' }).click();
    const secret = await page.getByLabel('Token value').inputValue();
    expect(secret).toMatch(/^cft_/);
    await page.getByRole('button', { name: 'Hide the token' }).click();
    await page.getByRole('button', { name: 'Copy Token Nightly export' }).click();
    await toast(page, 'Copied the token Nightly export.').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(secret);
    await page.getByRole('button', { name: 'Revoke Nightly export' }).click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await toast(page, /is revoked/).waitFor();
    await expect(page.getByLabel('Token value').count()).resolves.toBe(0);
    await context.close();
  });

  it('Sessions and sign-ins: another session is ended after a confirmation, sign-ins are listed', async () => {
    // An administrator of its own, so the other tests' sessions are not in the list.
    await api.post('/api/console/administrators', {
      email: 'sid@wayne.test',
      name: 'Sid',
      role: 'product-administrator',
      password,
    });
    const { page, context } = await signedIn('sid@wayne.test');
    const elsewhere = await signedIn('sid@wayne.test');
    await page.goto('/console/settings/activity');
    const sessions = page.getByRole('table', { name: 'Your sessions' });
    await sessions.getByText('This session').waitFor();
    await page.getByRole('button', { name: /^End the session started/ }).click();
    const dialog = page.getByRole('dialog', { name: 'End this session?' });
    await dialog.getByText(/is signed out at once/).waitFor();
    await dialog.getByRole('button', { name: 'End session' }).click();
    await toast(page, 'Session ended').waitFor();
    // The list is loaded again after the toast: the ended session leaves it.
    await page
      .getByRole('button', { name: /^End the session started/ })
      .waitFor({ state: 'detached' });
    await expect(sessions.getByRole('row').count()).resolves.toBe(2);
    // The other browser's cookie no longer works: its next request goes to the sign-in page.
    await elsewhere.page.reload();
    await elsewhere.page.waitForURL('**/console/sign-in');
    // The sign-ins are a projection of the sign-in events: they appear a moment later.
    const signIns = page.getByRole('table', { name: 'Your sign-ins' });
    const successes = signIns.getByText('Signed in', { exact: true });
    for (let tries = 0; (await successes.count()) < 2 && tries < 20; tries++) {
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    await expect(successes.count()).resolves.toBeGreaterThanOrEqual(2);
    await elsewhere.context.close();
    await context.close();
  });

  it('keyboard only: sign in, skip to the content, search, select, Disable, confirm', async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    await page.goto('/console/sign-in');
    await tabTo(page, /^Email/);
    await page.keyboard.type('ada@wayne.test');
    await tabTo(page, /^Password \(fail-safe\)/);
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/console/users');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();

    await tabTo(page, 'Skip to main content', 3);
    await page.keyboard.press('Enter');
    await tabTo(page, 'Search users');
    await page.keyboard.type('carol');
    await page.waitForURL(/q=carol/);
    await page.getByRole('row', { name: /bob@wayne\.test/ }).waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /carol@wayne\.test/ }).waitFor();
    await tabTo(page, 'Select carol@wayne.test');
    await page.keyboard.press('Space');
    // The actions on the selection are in the toolbar above the table: back up to them.
    await tabTo(page, 'Disable', 20, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Disable 1 user?' }).waitFor();
    await tabTo(page, 'Disable 1 user');
    await page.keyboard.press('Enter');
    await toast(page, 'Disabled 1 user.').waitFor();
    await page
      .getByRole('row', { name: /carol@wayne\.test/ })
      .getByRole('cell', { name: 'Disabled' })
      .waitFor();
    await context.close();
  });

  it('in Tokyo, "Today" is Tokyo\'s day, sent as UTC instants, and finds today\'s entries', async () => {
    const tokyoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
      new Date(),
    );
    const tokyoMidnight = new Date(`${tokyoDay}T00:00:00+09:00`);
    const { page, context } = await signedIn('ada@wayne.test', { timezoneId: 'Asia/Tokyo' });
    await page.goto('/console/audit');
    await page.getByText('Asia/Tokyo (UTC+09:00)').waitFor();
    // A cloud administrator's filter is the audit service's whole list (break-glass, sessions…).
    await expect(
      page.getByLabel('Activity Type').locator('option').allTextContents(),
    ).resolves.toEqual([
      'All activity types',
      ...AUDIT_ACTIVITY_TYPE_NAMES.map((name) => AUDIT_ACTIVITY_TYPES[name].label),
    ]);
    const [request] = await Promise.all([
      page.waitForRequest(
        (sent) => sent.url().includes('/api/console/audit-trail?') && sent.url().includes('from='),
      ),
      page.getByRole('button', { name: 'Today' }).click(),
    ]);
    const sent = new URL(request.url()).searchParams;
    expect(sent.get('from')).toBe(tokyoMidnight.toISOString());
    expect(sent.get('to')).toBe(new Date(tokyoMidnight.getTime() + 86_400_000).toISOString());
    await page.waitForURL(new RegExp(`from=${tokyoDay}&to=${tokyoDay}`));
    await page.getByRole('row', { name: /has disabled the user bob@wayne\.test/ }).waitFor();

    // The same day typed into the date fields.
    await page.goto(`/console/audit?from=${tokyoDay}&to=${tokyoDay}`);
    await page.getByRole('row', { name: /has disabled the user bob@wayne\.test/ }).waitFor();
    const entry = page.locator('tbody').filter({ hasText: 'has disabled the user bob@wayne.test' });
    await entry.getByRole('button', { name: 'Details' }).click();
    await entry.getByText('IP address', { exact: true }).waitFor();
    await checkPage(page, 'console-audit-tokyo');
    await context.close();
  });
});
