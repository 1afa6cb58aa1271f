import { setTimeout as sleep } from 'node:timers/promises';

import type { UserView } from '@coffer/contracts';
import { expectEventually, HttpClient, Mailbox, servicesUnderTest } from '@coffer/testing';

// The first seed scenario over HTTP: password sign-in to the web portal and the console with
// the exact errors users see, an administrator disabling and re-activating a user, lockout.
describe('password sign-in and user management', () => {
  const lockout = { COFFER_LOCKOUT_THRESHOLD: '3', COFFER_LOCKOUT_BASE_SECONDS: '2' };
  const { mailApi, baseUrl, seeder } = servicesUnderTest('sign-in', { env: lockout });
  const adminPassword = 'administrator passphrase 1';
  const userPassword = 'user passphrase number 1';
  const admin = new HttpClient(baseUrl);
  let bob: UserView;

  const seedOrganization = (slug: string, adminEmail: string) =>
    seeder.organization(slug, { email: adminEmail, password: adminPassword, name: 'Admin' });

  beforeAll(async () => {
    await seedOrganization('acme', 'alice@acme.test');
    const signedIn = await admin.post('/api/console/login', {
      email: 'alice@acme.test',
      password: adminPassword,
    });
    expect(signedIn.status).toBe(200);
    const created = await admin.post<UserView>('/api/console/users', {
      email: 'Bob@Acme.test',
      name: 'Bob',
      password: userPassword,
    });
    expect(created.status).toBe(201);
    bob = created.body;
  });

  const portalLogin = (email: string, password: string, client = new HttpClient(baseUrl)) =>
    client.post<{ code: string; message: string }>('/api/portal/login', { email, password });

  describe('POST /api/portal/login', () => {
    it('signs an active user in, and /api/portal/me shows the Data Sources tab', async () => {
      const client = new HttpClient(baseUrl);
      const response = await portalLogin('bob@acme.test', userPassword, client);

      expect(response.status).toBe(200);
      expect(response.headers.getSetCookie().join('\n')).toMatch(
        /coffer_portal_session=[^;]+;.*HttpOnly/i,
      );
      const me = await client.get<{ user: UserView; capabilities: object }>('/api/portal/me');
      expect(me.body).toMatchObject({
        user: { email: 'bob@acme.test', status: 'active' },
        capabilities: { dataSources: true, restore: true, share: true },
      });
    });

    it('answers a wrong password, an unknown email and administrator credentials with one byte-identical 401', async () => {
      const wrongPassword = await portalLogin('bob@acme.test', 'not the password at all');
      const unknownEmail = await portalLogin('nobody@acme.test', userPassword);
      const administrator = await portalLogin('alice@acme.test', adminPassword);

      expect(wrongPassword.status).toBe(401);
      expect(wrongPassword.body).toEqual({
        code: 'invalid-credentials',
        message: 'Invalid email-id\\username or password',
      });
      expect(unknownEmail.status).toBe(401);
      expect(administrator.status).toBe(401);
      expect(unknownEmail.text).toBe(wrongPassword.text);
      expect(administrator.text).toBe(wrongPassword.text);
    });

    it("refuses a user's credentials on the console with the same 401", async () => {
      const response = await new HttpClient(baseUrl).post('/api/console/login', {
        email: 'bob@acme.test',
        password: userPassword,
      });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        code: 'invalid-credentials',
        message: 'Invalid email-id\\username or password',
      });
    });

    it('refuses a 1 MB password fast with a 400, without hashing it', async () => {
      const started = Date.now();
      const response = await portalLogin('bob@acme.test', 'x'.repeat(1_000_000));
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        code: 'invalid-request',
        message: 'password: The password is too long.',
        fields: { password: 'The password is too long.' },
      });
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('refuses a sign-in posted from another site', async () => {
      const response = await new HttpClient(baseUrl).post(
        '/api/portal/login',
        { email: 'bob@acme.test', password: userPassword },
        { headers: { origin: 'https://evil.example' } },
      );
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'origin-refused' });
    });
  });

  describe('disable, preserve and activate through the console', () => {
    it('shows a disabled user that the account is disabled, and an activated one gets in at once', async () => {
      expect((await admin.post(`/api/console/users/${bob.id}/disable`)).status).toBe(200);
      const disabled = await portalLogin('bob@acme.test', userPassword);
      expect(disabled.status).toBe(403);
      expect(disabled.body).toEqual({
        code: 'user-disabled',
        message: 'Your account is disabled. Contact your administrator to have it activated again.',
      });

      const activated = await admin.post<UserView>(`/api/console/users/${bob.id}/activate`);
      expect(activated.body.status).toBe('active');
      expect((await portalLogin('bob@acme.test', userPassword)).status).toBe(200);
    });

    it('gives a preserved user a message of its own', async () => {
      await admin.post(`/api/console/users/${bob.id}/preserve`);
      const preserved = await portalLogin('bob@acme.test', userPassword);
      expect(preserved.status).toBe(403);
      expect(preserved.body.code).toBe('user-preserved');
      await admin.post(`/api/console/users/${bob.id}/activate`);
    });

    it("ends a disabled user's open session", async () => {
      const client = new HttpClient(baseUrl);
      await portalLogin('bob@acme.test', userPassword, client);
      await admin.post(`/api/console/users/${bob.id}/disable`);

      expect((await client.get('/api/portal/me')).status).toBe(401);
      await admin.post(`/api/console/users/${bob.id}/activate`);
    });

    it('refuses a state change without the CSRF header', async () => {
      const response = await admin.request('POST', `/api/console/users/${bob.id}/disable`, {
        withoutCsrf: true,
      });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'csrf-failed' });
    });

    it('finds users by email or name', async () => {
      const found = await admin.get<UserView[]>('/api/console/users?query=BOB');
      expect(found.body.map((user) => user.email)).toEqual(['bob@acme.test']);
    });
  });

  describe('another organisation', () => {
    it("sees none of this organisation's users: 404, not 403", async () => {
      await seedOrganization('globex', 'hank@globex.test');
      const globex = new HttpClient(baseUrl);
      await globex.post('/api/console/login', {
        email: 'hank@globex.test',
        password: adminPassword,
      });

      expect((await globex.get(`/api/console/users/${bob.id}`)).status).toBe(404);
      const activate = await globex.post(`/api/console/users/${bob.id}/disable`);
      expect(activate.status).toBe(404);
      expect(activate.body).toEqual({
        code: 'user-not-found',
        message: 'There is no such user in your organisation.',
      });
      expect((await globex.get<UserView[]>('/api/console/users')).body).toEqual([]);
    });
  });

  describe('a user created without a password', () => {
    it('gets an emailed single-use link to choose one, from the configured public URL', async () => {
      const created = await admin.post<UserView>('/api/console/users', {
        email: 'carl@acme.test',
        name: 'Carl',
      });
      expect(created.status).toBe(201);

      const mail = await new Mailbox(mailApi).waitForMessageTo('carl@acme.test');
      expect(mail.subject).toBe('Choose your Coffer password');
      const link = /(http\S+\/set-password#token=)([\w-]+)/.exec(mail.text);
      expect(link?.[1]).toBe(`${baseUrl}/set-password#token=`);
      const token = link?.[2] as string;
      expect((await portalLogin('carl@acme.test', 'carl chose this passphrase')).status).toBe(401);

      const weak = await new HttpClient(baseUrl).post('/api/portal/password', {
        token,
        newPassword: 'passwordpassword',
      });
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ code: 'password-too-common' });

      const chosen = await new HttpClient(baseUrl).post('/api/portal/password', {
        token,
        newPassword: 'carl chose this passphrase',
      });
      expect(chosen.status).toBe(200);
      expect(chosen.headers.get('referrer-policy')).toBe('no-referrer');
      expect((await portalLogin('carl@acme.test', 'carl chose this passphrase')).status).toBe(200);

      const again = await new HttpClient(baseUrl).post('/api/portal/password', {
        token,
        newPassword: 'another passphrase 2',
      });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ code: 'password-link-invalid' });
    });
  });

  describe('POST /api/console/users/import', () => {
    it('creates the new users of a CSV file and says which lines it skipped and why', async () => {
      const csv =
        'name,email\nDana,dana@acme.test\nBob again,bob@acme.test\nNo Email,not-an-email\n';
      const response = await admin.request('POST', '/api/console/users/import', {
        rawBody: csv,
        headers: { 'content-type': 'text/csv' },
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        created: 1,
        skipped: [
          {
            line: 3,
            email: 'bob@acme.test',
            reason: 'A user with this email address already exists.',
          },
          { line: 4, email: 'not-an-email', reason: 'Enter a valid email address.' },
        ],
      });
      await new Mailbox(mailApi).waitForMessageTo('dana@acme.test');
    });

    it('refuses a file without the email column, saying so', async () => {
      const response = await admin.request('POST', '/api/console/users/import', {
        rawBody: 'name\nDana\n',
        headers: { 'content-type': 'text/csv' },
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        code: 'invalid-csv',
        message: 'The header row must name the columns email and name (missing: email).',
      });
    });
  });

  describe('Manage Administrators', () => {
    it('lets a cloud administrator create a product administrator, who may manage users but not administrators', async () => {
      const created = await admin.post<{ id: string; role: string }>(
        '/api/console/administrators',
        {
          email: 'pat@acme.test',
          name: 'Pat',
          role: 'product-administrator',
          password: adminPassword,
        },
      );
      expect(created.status).toBe(201);

      const pat = new HttpClient(baseUrl);
      expect(
        (await pat.post('/api/console/login', { email: 'pat@acme.test', password: adminPassword }))
          .status,
      ).toBe(200);
      expect((await pat.get<UserView[]>('/api/console/users')).status).toBe(200);
      const refused = await pat.post('/api/console/administrators', {
        email: 'mallory@acme.test',
        name: 'Mallory',
        role: 'cloud-administrator',
        password: adminPassword,
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        code: 'forbidden',
        message: 'Only a cloud administrator can manage administrators.',
      });

      const disabled = await admin.post(`/api/console/administrators/${created.body.id}/disable`);
      expect(disabled.status).toBe(200);
      expect((await pat.get('/api/console/users')).status).toBe(401);
    });
  });

  describe('lockout', () => {
    it('locks an account after repeated failures, says so without naming the account, and lets it in after the lock', async () => {
      for (let attempt = 0; attempt < 3; attempt++)
        await portalLogin('bob@acme.test', `wrong password ${attempt}!`);

      const locked = await portalLogin('bob@acme.test', userPassword);
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('locked-out');

      for (let attempt = 0; attempt < 3; attempt++)
        await portalLogin('ghost@acme.test', `wrong password ${attempt}!`);
      const unknownLocked = await portalLogin('ghost@acme.test', userPassword);
      expect(unknownLocked.status).toBe(429);
      expect(unknownLocked.body.message).toBe(locked.body.message);

      await sleep(2_500);
      expect((await portalLogin('bob@acme.test', userPassword)).status).toBe(200);
    });
  });

  describe('sign-out', () => {
    it('ends the session on the server', async () => {
      const client = new HttpClient(baseUrl);
      await portalLogin('bob@acme.test', userPassword, client);
      const token = client.cookie('coffer_portal_session');

      expect((await client.post('/api/portal/logout')).status).toBe(204);
      const replayed = await new HttpClient(baseUrl).get('/api/portal/me', {
        headers: { cookie: `coffer_portal_session=${token}` },
      });
      expect(replayed.status).toBe(401);
    });
  });

  it('audits sign-ins and user management with who did it', async () => {
    await expectEventually(async () => {
      const trail = await admin.get<{ entries: { description: string; activityType: string }[] }>(
        '/api/console/audit-trail?limit=500',
      );
      const descriptions = trail.body.entries.map((entry) => entry.description);
      expect(descriptions).toEqual(
        expect.arrayContaining([
          'alice@acme.test has created the user bob@acme.test',
          'alice@acme.test has disabled the user bob@acme.test',
          'alice@acme.test has activated the user bob@acme.test',
          'bob@acme.test has signed in to the web portal',
          'Sign-in to the web portal as bob@acme.test failed (wrong email or password)',
          'Sign-in to the web portal as bob@acme.test failed (account disabled)',
        ]),
      );
      expect(JSON.stringify(trail.body)).not.toContain(userPassword);
    });
  });
});
