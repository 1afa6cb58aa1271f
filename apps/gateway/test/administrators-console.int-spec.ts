import { randomBytes } from 'node:crypto';

import type { AdministratorListItem, AdministratorView, AuditTrailPage } from '@coffer/contracts';
import {
  expectEventually,
  HttpClient,
  IdentitySeeder,
  Mailbox,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

// Issue 18: a new administrator's password was typed by the administrator who created them, and
// a disabled administrator could never be enabled again. This pins the invitation (an emailed
// link under the administrators' password policy) and enabling, through the gateway, scoped to
// the caller's organisation and to cloud administrators.
describe('Manage Administrators: invite without a password, disable and enable', () => {
  const { env, config, mailApi } = testEnvironment('administrators-console');
  const baseUrl = config.publicUrl;
  const mailbox = new Mailbox(mailApi);
  // The mail catcher keeps mail across runs: addresses of this run only.
  const domain = `a${randomBytes(3).toString('hex')}.test`;
  const seeder = new IdentitySeeder(config);
  const password = 'administrator passphrase 18';
  const ada = new HttpClient(baseUrl);
  const hank = new HttpClient(baseUrl);
  let services: ServiceProcesses;
  let invited: AdministratorView;
  const chosen = 'rita chose this fail-safe passphrase';
  const tokenOf = (text: string) => /\/reset-password#token=([\w-]+)/.exec(text)?.[1];
  const signIn = (email: string, secret: string) =>
    new HttpClient(baseUrl).post('/api/console/login', { email, password: secret });

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env });
    await waitForHealthyGateway(baseUrl);
    await seeder.organization('wayne', { email: `ada@${domain}`, password });
    await seeder.organization('globex', { email: `hank@globex-${domain}`, password });
    expect(
      (await ada.post('/api/console/login', { email: `ada@${domain}`, password })).status,
    ).toBe(200);
    expect(
      (await hank.post('/api/console/login', { email: `hank@globex-${domain}`, password })).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await seeder.close();
    await services?.stopAll();
  });

  describe('POST /api/console/administrators without a password', () => {
    it('emails the new administrator a link where they choose their own password', async () => {
      const email = `rita@${domain}`;
      const created = await ada.post<AdministratorView>('/api/console/administrators', {
        email,
        name: 'Rita',
        role: 'product-administrator',
      });
      expect(created.status).toBe(201);
      invited = created.body;
      const mail = await mailbox.waitForMessageTo(email);
      expect(mail.subject).toBe('You are a Coffer administrator: choose your password');
      expect(mail.text).toContain(`ada@${domain} made you an administrator`);
      expect(mail.text).toContain(`${baseUrl}/reset-password#token=`);
      const token = tokenOf(mail.text)!;
      // Nobody knows a password yet: there is none to sign in with.
      expect((await signIn(email, chosen)).status).toBe(401);

      // The administrators' password policy applies on the link.
      const weak = await new HttpClient(baseUrl).post('/api/console/password-reset', {
        token,
        newPassword: 'short one',
      });
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ code: 'password-too-short' });
      const set = await new HttpClient(baseUrl).post('/api/console/password-reset', {
        token,
        newPassword: chosen,
      });
      expect(set.status).toBe(200);
      expect((await signIn(email, chosen)).status).toBe(200);
      // The first password from the invitation says the account is ready, not that it changed.
      const ready = await expectEventually(async () => {
        const found = (await mailbox.messagesTo(email)).find(
          (message) => message.subject === 'Your Coffer administrator account is ready',
        );
        if (!found) throw new Error('no "account is ready" email yet');
        return found;
      });
      expect(ready.text).toContain(`${baseUrl}/console`);
      expect((await mailbox.messagesTo(email)).map((message) => message.subject)).not.toContain(
        'Your Coffer fail-safe password was changed',
      );

      await expectEventually(async () => {
        const trail = await ada.get<AuditTrailPage>(
          `/api/console/audit-trail?${new URLSearchParams({ q: email })}`,
        );
        expect(trail.body.entries.map((entry) => entry.action)).toEqual(
          expect.arrayContaining(['administrator-created', 'administrator-invited']),
        );
      });
    });

    it('still refuses a bad body with a sentence', async () => {
      const refused = await ada.post('/api/console/administrators', {
        email: 'not an email',
        name: 'X',
        role: 'product-administrator',
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        code: 'invalid-request',
        message: expect.stringContaining('Enter a valid email address.'),
      });
    });
  });

  describe('POST /api/console/administrators/:id/enable', () => {
    it('shows the status in the list and lets a disabled administrator sign in again', async () => {
      const before = new HttpClient(baseUrl);
      expect(
        (await before.post('/api/console/login', { email: invited.email, password: chosen }))
          .status,
      ).toBe(200);
      expect((await ada.post(`/api/console/administrators/${invited.id}/disable`)).status).toBe(
        200,
      );
      const listed = await ada.get<AdministratorListItem[]>('/api/console/administrators');
      expect(listed.body.find((item) => item.id === invited.id)?.status).toBe('disabled');
      const refused = await signIn(invited.email, chosen);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'user-disabled' });

      const enabled = await ada.post<AdministratorView>(
        `/api/console/administrators/${invited.id}/enable`,
      );
      expect(enabled.status).toBe(200);
      expect(enabled.body).toMatchObject({ id: invited.id, email: invited.email });
      const after = await ada.get<AdministratorListItem[]>('/api/console/administrators');
      expect(after.body.find((item) => item.id === invited.id)?.status).toBe('active');
      expect((await signIn(invited.email, chosen)).status).toBe(200);
      // A session from before the disabling is not revived by enabling.
      expect((await before.get('/api/console/me')).status).toBe(401);

      await expectEventually(async () => {
        const trail = await ada.get<AuditTrailPage>(
          `/api/console/audit-trail?${new URLSearchParams({ q: invited.email })}`,
        );
        expect(trail.body.entries).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              action: 'administrator-enabled',
              description: `ada@${domain} has enabled the administrator ${invited.email}`,
            }),
          ]),
        );
      });
    });

    it('says so when the administrator is already active', async () => {
      const again = await ada.post(`/api/console/administrators/${invited.id}/enable`);
      expect(again.status).toBe(409);
      expect(again.body).toEqual({
        code: 'administrator-unchanged',
        message: 'The administrator is already active.',
      });
    });

    it("is not found for another organisation's administrator, and forbidden to a product administrator", async () => {
      expect((await hank.post(`/api/console/administrators/${invited.id}/enable`)).status).toBe(
        404,
      );
      expect((await hank.post('/api/console/administrators/nobody/enable')).status).toBe(404);
      const rita = new HttpClient(baseUrl);
      await rita.post('/api/console/login', { email: invited.email, password: chosen });
      const refused = await rita.post(`/api/console/administrators/${invited.id}/enable`);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        code: 'forbidden',
        message: 'Only a cloud administrator can manage administrators.',
      });
    });
  });
});
