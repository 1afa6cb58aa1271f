import type { Browser, CDPSession, Page } from 'playwright-core';

import {
  IdentitySeeder,
  launchBrowser,
  seriousAccessibilityViolations,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

import { saveWholePage, toast } from './console-helpers';

/**
 * Passkeys in a real browser: Chromium's virtual authenticator (DevTools protocol, CTAP2,
 * internal transport, resident keys, user verification) stands in for a laptop's. The
 * administrator registers a passkey on the two-factor page, signs out, signs in with the
 * password and the passkey, then with the passkey alone; a cloud administrator sets the MFA
 * policy on Settings → Security, which a product administrator is not allowed to open.
 */
describe('passkeys in the console', () => {
  const { env, config } = testEnvironment('passkeys-ui');
  // WebAuthn takes a domain as RP ID, not an IP address: the console is served as localhost.
  const baseUrl = `http://localhost:${new URL(config.publicUrl).port}`;
  const seeder = new IdentitySeeder(config);
  const email = 'bruce@wayne.test';
  const password = 'administrator passphrase 9';
  let services: ServiceProcesses;
  let browser: Browser;
  let page: Page;
  let devtools: CDPSession;
  let authenticatorId: string;

  async function submitPassword(who = email) {
    await page.goto('/console/sign-in');
    await page.getByLabel('Email').fill(who);
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
    services = await ServiceProcesses.launch({ env: { ...env, COFFER_PUBLIC_URL: baseUrl } });
    await waitForHealthyGateway(baseUrl);
    await seeder.organization('wayne', { email, password });
    await seeder.organization('wayne-staff', {
      email: 'alfred@wayne.test',
      password,
      role: 'product-administrator',
    });
    browser = await launchBrowser();
    page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
    devtools = await page.context().newCDPSession(page);
    await devtools.send('WebAuthn.enable');
    ({ authenticatorId } = await devtools.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  });

  afterAll(async () => {
    await browser?.close();
    await seeder.close();
    await services?.stopAll();
  });

  it('registers a passkey, then signs in with password and passkey, and with the passkey alone', async () => {
    await submitPassword();
    await page.waitForURL('**/console/users');
    await page.goto('/console/settings/two-factor');
    await page.getByRole('heading', { level: 2, name: 'Passkeys', exact: true }).waitFor();
    await page.getByText('No passkeys yet').waitFor();
    await checkPage('console-passkeys-none');

    await page.getByLabel('Passkey name').fill('This laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await toast(page, 'The passkey This laptop was added.').waitFor();
    const table = page.getByRole('table', { name: 'Your passkeys' });
    await table.getByRole('cell', { name: 'This laptop', exact: true }).waitFor();
    await page.getByText('On: 1 passkey').waitFor();
    await checkPage('console-passkeys-one');
    // The authenticator holds a discoverable credential for our RP id, and nothing else.
    const { credentials } = await devtools.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
    await signOut();

    // The password is right: the second factor is asked, and the passkey answers it.
    await submitPassword();
    await page.getByLabel('Authentication code').waitFor();
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await page.waitForURL('**/console/users');
    await signOut();

    // No email, no password: the browser finds the discoverable passkey.
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL('**/console/users');
    await page.getByText(email).first().waitFor();
    await page.goto('/console/settings/two-factor');
    const row = page.getByRole('row').filter({ hasText: 'This laptop' });
    await row.waitFor();
    await expect(row.getByText('Never').count()).resolves.toBe(0);
    const after = await devtools.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0].signCount).toBeGreaterThanOrEqual(2);
  });

  it('sets the MFA policy and its grace period on Settings → Security', async () => {
    await page.goto('/console/settings/security');
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await page.getByText(/Administrators must have a second factor/).waitFor();
    await checkPage('console-security-settings');
    const required = page.getByLabel('Require two-factor authentication for administrators');
    await expect(required.isChecked()).resolves.toBe(true);
    await page.getByLabel('Grace period (days)').fill('3');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await toast(page, 'The security policy was saved.').waitFor();
    await page.getByText(/may sign in with their password alone until/).waitFor();

    // The switch's own track covers its input: a person clicks the label.
    await page.getByText('Require two-factor authentication for administrators').click();
    await expect(required.isChecked()).resolves.toBe(false);
    await expect(page.getByLabel('Grace period (days)').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Administrators may sign in with their password alone.').waitFor();
    await checkPage('console-security-settings-off');
  });

  it('removes the passkey after confirming, and then the passkey signs nobody in', async () => {
    await page.goto('/console/settings/two-factor');
    await page.getByRole('button', { name: 'Remove This laptop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove the passkey This laptop?' });
    await checkPage('console-passkeys-remove');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await toast(page, 'The passkey This laptop was removed.').waitFor();
    await page.getByText('No passkeys yet').waitFor();
    await signOut();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByText('The code is not valid.').waitFor();
    await expect(page.url()).toMatch(/\/console\/sign-in$/);
  });

  it('shows a product administrator "not allowed" on Settings → Security', async () => {
    await submitPassword('alfred@wayne.test');
    await page.waitForURL('**/console/users');
    await expect(page.getByRole('link', { name: 'Security', exact: true }).count()).resolves.toBe(
      0,
    );
    await page.goto('/console/settings/security');
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await page.getByText(/Only a Cloud Administrator can change the security policy/).waitFor();
    await checkPage('console-security-not-allowed');
    await signOut();
  });
});
