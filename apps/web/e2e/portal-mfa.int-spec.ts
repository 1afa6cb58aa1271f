import type { Browser, Page } from 'playwright-core';

import {
  HttpClient,
  IdentitySeeder,
  launchBrowser,
  seriousAccessibilityViolations,
  ServiceProcesses,
  testEnvironment,
  totpCode,
  waitForHealthyGateway,
} from '@coffer/testing';

import { saveWholePage } from './console-helpers';

/**
 * The portal's second factor in a real browser: the organisation requires it of end users, so
 * a user signing in within the grace period sees the deadline on their home page, sets up an
 * authenticator app from it (the code computed from the secret in the URI), keeps the recovery
 * codes, and from then on the sign-in asks for a code after the password.
 */
describe('two-factor authentication in the web portal', () => {
  const { env, config } = testEnvironment('portal-mfa-ui');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const email = 'pepper@stark.test';
  const password = 'end user passphrase 7';
  let services: ServiceProcesses;
  let browser: Browser;
  let page: Page;

  async function submitPassword() {
    await page.goto('/portal/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.locator('#sign-in-password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  async function checkPage(name: string) {
    await saveWholePage(page, name);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env });
    await waitForHealthyGateway(baseUrl);
    const administrator = { email: 'tony@stark.test', password: 'administrator passphrase 7' };
    const { organization } = await seeder.organization('stark-portal', administrator);
    await seeder.user(organization.id, { email, name: 'Pepper', password });
    // Settings → Security's end-user rule, through the API the page uses.
    const console = new HttpClient(baseUrl);
    await console.post('/api/console/login', administrator);
    const policy = await console.request('PUT', '/api/console/mfa/policy', {
      json: { requiredForUsers: true, usersGraceDays: 5 },
    });
    expect(policy.status).toBe(200);
    browser = await launchBrowser();
    page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await seeder.close();
    await services?.stopAll();
  });

  it('enrols from the home page banner, shows the recovery codes once, then asks for a code', async () => {
    await submitPassword();
    await page.waitForURL('**/portal');
    await page.getByText(/Set up two-factor authentication by /).waitFor();
    await checkPage('portal-mfa-reminder');
    await page.getByRole('link', { name: 'Set up two-factor authentication' }).click();
    await page.getByRole('heading', { level: 1, name: 'Two-factor authentication' }).waitFor();

    await page.getByRole('button', { name: 'Set up', exact: true }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    const uri = await page.getByRole('textbox', { name: 'Setup key URI' }).inputValue();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Coffer:pepper%40stark\.test\?secret=/);
    await checkPage('portal-mfa-scan');
    await page.getByLabel('First code').fill(totpCode(uri));
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.allTextContents()).toHaveLength(10);
    await page.getByLabel('I have saved them').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText(/On: an authenticator app, 10 of 10 recovery codes left/).waitFor();
    await checkPage('portal-mfa-on');

    await page.getByRole('link', { name: 'Back to the web portal' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/portal/sign-in');
    await submitPassword();
    await page.getByLabel('Authentication code').fill(totpCode(uri, new Date(), 1));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/portal');
    await page.getByText('Two-factor authentication', { exact: true }).waitFor();
    await expect(page.getByText(/Set up two-factor authentication by /).count()).resolves.toBe(0);
  });
});
