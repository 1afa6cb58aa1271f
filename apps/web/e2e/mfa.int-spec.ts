import type { Browser, Page } from 'playwright-core';

import {
  expectEventually,
  IdentitySeeder,
  launchBrowser,
  seriousAccessibilityViolations,
  ServiceProcesses,
  testEnvironment,
  totpCode,
  waitForHealthyGateway,
} from '@coffer/testing';

import { saveWholePage, toast } from './console-helpers';

/**
 * The console's second factor in a real browser: a new organisation's administrator is told to
 * set it up, does so on the two-factor page (the code computed from the secret in the URI),
 * then signs in with a code, and once with a recovery code, which is one fewer afterwards.
 * Step-up lasts 3 s here, so a token created later asks for a code first and then goes through.
 */
describe('two-factor authentication in the console', () => {
  const { env, config } = testEnvironment('mfa-ui');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const email = 'ada@stark.test';
  const password = 'administrator passphrase 7';
  let services: ServiceProcesses;
  let browser: Browser;
  let page: Page;
  let recoveryCodes: string[] = [];

  async function submitPassword() {
    await page.goto('/console/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password (fail-safe)').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/console/sign-in');
  }

  async function checkPage(name: string) {
    await saveWholePage(page, name);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env: { ...env, COFFER_STEP_UP_MINUTES: '0.05' } });
    await waitForHealthyGateway(baseUrl);
    await seeder.organization('stark', { email, password });
    browser = await launchBrowser();
    page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await seeder.close();
    await services?.stopAll();
  });

  it('enrols from the banner, shows the recovery codes once, then the banner is gone', async () => {
    await submitPassword();
    await page.waitForURL('**/console/users');
    const banner = page.getByText(/Set up two-factor authentication by /);
    await banner.waitFor();
    await page.getByRole('link', { name: 'Set up two-factor authentication' }).click();
    await page.getByRole('heading', { level: 1, name: 'Two-factor authentication' }).waitFor();
    await page.getByText('Off', { exact: true }).waitFor();
    await checkPage('console-two-factor-off');

    await page.getByRole('button', { name: 'Set up', exact: true }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    const uri = await page.getByRole('textbox', { name: 'Setup key URI' }).inputValue();
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    await checkPage('console-two-factor-scan');

    await page.getByLabel('First code').fill('000000' === totpCode(uri) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('The code is not valid.').waitFor();

    await page.getByLabel('First code').fill(totpCode(uri));
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    recoveryCodes = await codes.allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await checkPage('console-two-factor-recovery-codes');
    const done = page.getByRole('button', { name: 'Done' });
    await expect(done.isDisabled()).resolves.toBe(true);
    await page.getByLabel('I have saved them').check();
    await done.click();
    await page.getByText('10 of 10').waitFor();
    await banner.waitFor({ state: 'detached' });
    await checkPage('console-two-factor-on');
    await signOut();

    // Signing in now asks for a code after the password; a later step than the one confirmed.
    await submitPassword();
    const codeField = page.getByLabel('Authentication code');
    await codeField.fill('000000' === totpCode(uri, new Date(), 1) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('The code is not valid.').waitFor();
    await codeField.fill(totpCode(uri, new Date(), 1));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/console/users');
    await page.goto('/console/settings/two-factor');
    await page.getByText('10 of 10').waitFor();
    await signOut();

    // A recovery code signs in once: break-glass, told by the banner, and one fewer left.
    await submitPassword();
    await page.getByLabel('Authentication code').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/console/users');
    await page.getByText(/You signed in with a fail-safe password\/recovery code/).waitFor();
    await page.goto('/console/settings/two-factor');
    await page.getByText('9 of 10').waitFor();
  });

  it('a step-up answer opens "Confirm it is you", and the action is sent again after it', async () => {
    // The sign-in proves the administrator for 3 s: wait until a step-up route refuses.
    const csrf = (await page.context().cookies()).find((c) => c.name === 'csrf-token')?.value;
    await expectEventually(async () => {
      const answer = await page.request.put('/api/console/mfa/policy', {
        data: { requiredForAdministrators: true },
        headers: { 'x-csrf-token': csrf ?? '' },
      });
      expect(answer.status()).toBe(401);
    });
    await page.goto('/console/settings/apis');
    await page.getByLabel('Token name').fill('After step-up');
    await page.getByRole('button', { name: 'Create new token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.getByLabel('Authentication code').fill('not-a-code');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByText('The code is not valid.').waitFor();
    await checkPage('console-step-up-dialog');
    await dialog.getByLabel('Authentication code').fill(recoveryCodes[1]);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await toast(page, 'The token After step-up was created.').waitFor();
    await dialog.waitFor({ state: 'detached' });
  });
});
