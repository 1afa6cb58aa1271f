import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { UserView } from '@coffer/contracts';
import {
  HttpClient,
  IdentitySeeder,
  launchBrowser,
  saveScreenshot,
  seriousAccessibilityViolations,
  ServiceProcesses,
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
  const { env, config } = testEnvironment('web');
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

  /** A page must pass axe-core without serious or critical violations, and is kept as a picture. */
  async function checkPage(page: Page, name: string) {
    await saveScreenshot(page, name);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env });
    await waitForHealthyGateway(baseUrl);
    await seeder.organization('gotham', { email: 'ada@gotham.test', password });
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
    await expect(admin.getByLabel('Token value').textContent()).resolves.toMatch(/^cft_/);
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

  it('serves the app with a strict content security policy', async () => {
    const response = await fetch(`${baseUrl}/console/users`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).toContain('<div id="root">');
  });
});
