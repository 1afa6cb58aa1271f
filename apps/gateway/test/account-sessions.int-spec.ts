import type {
  AccountSessions,
  AccountSignIns,
  AdministratorView,
  UserView,
} from '@coffer/contracts';
import { expectEventually, HttpClient, Mailbox, servicesUnderTest } from '@coffer/testing';

// An account's sessions: listed with their fields, one or all ended (the cookie stops working
// at once), by the administrator or a cloud administrator of the organisation, never another
// organisation's; a password reset ends them; every revocation in the audit trail. Its recent
// sign-ins, under the same rules.
describe("an account's sessions", () => {
  const { mailApi, baseUrl, seeder } = servicesUnderTest('account-sessions');
  // The mail catcher outlives a run: addresses of their own, so an old mail is never read as new.
  const domain = `sessions-${Date.now().toString(36)}.test`;
  const mailbox = new Mailbox(mailApi);
  const password = 'administrator passphrase 4';
  const userPassword = 'user passphrase number 4';
  let ada: HttpClient;
  let adaId: string;
  let pat: AdministratorView;
  let bob: UserView;

  const signedIn = async (path: string, email: string, secret: string, userAgent: string) => {
    const client = new HttpClient(baseUrl);
    const response = await client.request('POST', path, {
      json: { email, password: secret },
      headers: { 'user-agent': userAgent },
    });
    expect(response.status).toBe(200);
    return client;
  };
  const signInToConsole = (email: string, secret = password, userAgent = 'Console-Test/1.0') =>
    signedIn('/api/console/login', email, secret, userAgent);

  beforeAll(async () => {
    await seeder.organization('sessions', { email: `ada@${domain}`, password });
    await seeder.organization('elsewhere', { email: 'eve@elsewhere.test', password });
    ada = await signInToConsole(`ada@${domain}`, password, 'Ada-Laptop/1.0');
    adaId = (await ada.get<{ administrator: AdministratorView }>('/api/console/me')).body
      .administrator.id;
    pat = (
      await ada.post<AdministratorView>('/api/console/administrators', {
        email: `pat@${domain}`,
        name: 'Pat',
        role: 'product-administrator',
        password,
      })
    ).body;
    bob = (
      await ada.post<UserView>('/api/console/users', {
        email: `bob@${domain}`,
        name: 'Bob',
        password: userPassword,
      })
    ).body;
  });

  const trailDescriptions = async () =>
    (
      await ada.get<{ entries: { description: string; actor: { email?: string } }[] }>(
        '/api/console/audit-trail?activityType=sessions',
      )
    ).body.entries.map((entry) => entry.description);

  it('lists your own sessions with when, where from and how, the current one marked', async () => {
    const phone = await signInToConsole(`ada@${domain}`, password, 'Ada-Phone/2.0');
    const listed = await ada.get<AccountSessions>('/api/console/sessions');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ accountId: adaId, kind: 'administrator' });
    expect(listed.body.email).toBe(`ada@${domain}`);
    const [laptop, other] = listed.body.sessions;
    expect(listed.body.sessions).toHaveLength(2);
    expect(laptop).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      surface: 'console',
      method: 'password',
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      expiresAt: expect.any(String),
      ip: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'Ada-Laptop/1.0',
      current: true,
    });
    expect(other).toMatchObject({ userAgent: 'Ada-Phone/2.0', current: false });
    expect(Date.parse(laptop.expiresAt) - Date.parse(laptop.createdAt)).toBe(12 * 3_600_000);
    expect(
      (await phone.get<AccountSessions>('/api/console/sessions')).body.sessions[1].current,
    ).toBe(true);
  });

  it('lists your own recent sign-ins, refusals included, newest first', async () => {
    const typo = await new HttpClient(baseUrl).request('POST', '/api/console/login', {
      json: { email: `ada@${domain}`, password: 'not the passphrase' },
      headers: { 'user-agent': 'Ada-Typo/1.0' },
    });
    expect(typo.status).toBe(401);
    await expectEventually(async () => {
      const listed = await ada.get<AccountSignIns>('/api/console/sign-ins');
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({
        accountId: adaId,
        kind: 'administrator',
        email: `ada@${domain}`,
      });
      expect(listed.body.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            surface: 'console',
            outcome: 'succeeded',
            method: 'password',
            userAgent: 'Ada-Laptop/1.0',
            ip: expect.stringMatching(/127\.0\.0\.1/),
          }),
          expect.objectContaining({
            surface: 'console',
            outcome: 'failed',
            reason: 'bad-credentials',
            userAgent: 'Ada-Typo/1.0',
          }),
        ]),
      );
    });
    const times = (await ada.get<AccountSignIns>('/api/console/sign-ins')).body.entries.map(
      (entry) => entry.at,
    );
    expect(times).toEqual([...times].sort().reverse());
  });

  it('ends one session: its cookie stops working on the very next request', async () => {
    const phone = await signInToConsole(`ada@${domain}`, password, 'Ada-Tablet/3.0');
    const tablet = (await ada.get<AccountSessions>('/api/console/sessions')).body.sessions.find(
      (session) => session.userAgent === 'Ada-Tablet/3.0',
    )!;
    expect((await phone.get('/api/console/me')).status).toBe(200);

    const revoked = await ada.request('DELETE', `/api/console/sessions/${tablet.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await phone.get('/api/console/me')).status).toBe(401);
    expect((await ada.get('/api/console/me')).status).toBe(200);

    const again = await ada.request('DELETE', `/api/console/sessions/${tablet.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({
      code: 'session-not-found',
      message: 'There is no such session; it may have ended.',
    });
    await expectEventually(async () =>
      expect(await trailDescriptions()).toContain(
        `ada@${domain} has ended a session of ada@${domain}`,
      ),
    );
  });

  it("lets a cloud administrator list and end a user's sessions", async () => {
    const portal = await signedIn(
      '/api/portal/login',
      `bob@${domain}`,
      userPassword,
      'Bob-Browser/1.0',
    );
    const listed = await ada.get<AccountSessions>(`/api/console/accounts/${bob.id}/sessions`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      accountId: bob.id,
      kind: 'user',
      email: `bob@${domain}`,
      sessions: [
        { surface: 'portal', method: 'password', userAgent: 'Bob-Browser/1.0', current: false },
      ],
    });

    const revoked = await ada.request('DELETE', `/api/console/accounts/${bob.id}/sessions`);
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await portal.get('/api/portal/me')).status).toBe(401);
    expect(
      (await ada.get<AccountSessions>(`/api/console/accounts/${bob.id}/sessions`)).body.sessions,
    ).toEqual([]);
    await expectEventually(async () =>
      expect(await trailDescriptions()).toContain(
        `ada@${domain} has ended all sessions (1) of bob@${domain}`,
      ),
    );
    await expectEventually(async () => {
      const signIns = await ada.get<AccountSignIns>(`/api/console/accounts/${bob.id}/sign-ins`);
      expect(signIns.body).toMatchObject({ accountId: bob.id, kind: 'user' });
      expect(signIns.body.entries).toEqual([
        expect.objectContaining({
          surface: 'portal',
          outcome: 'succeeded',
          userAgent: 'Bob-Browser/1.0',
        }),
      ]);
    });
  });

  it('lets a cloud administrator end one session of another administrator', async () => {
    const patClient = await signInToConsole(`pat@${domain}`);
    const [session] = (await ada.get<AccountSessions>(`/api/console/accounts/${pat.id}/sessions`))
      .body.sessions;
    expect(
      (await ada.request('DELETE', `/api/console/accounts/${pat.id}/sessions/${session.id}`)).body,
    ).toEqual({ revoked: 1 });
    expect((await patClient.get('/api/console/me')).status).toBe(401);
  });

  it("refuses a product administrator another account's sessions, but not their own", async () => {
    const patClient = await signInToConsole(`pat@${domain}`);
    expect(
      (await patClient.get<AccountSessions>('/api/console/sessions')).body.sessions,
    ).toHaveLength(1);
    expect((await patClient.get<AccountSignIns>('/api/console/sign-ins')).body.accountId).toBe(
      pat.id,
    );
    for (const path of [
      `/api/console/accounts/${bob.id}/sessions`,
      `/api/console/accounts/${adaId}/sign-ins`,
    ]) {
      const refused = await patClient.get(path);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'forbidden' });
    }
    expect(
      (await patClient.request('DELETE', `/api/console/accounts/${adaId}/sessions`)).status,
    ).toBe(403);
  });

  it("answers 404 for another organisation's account, as for one that does not exist", async () => {
    const eve = await signInToConsole('eve@elsewhere.test');
    const notFound = {
      code: 'account-not-found',
      message: 'There is no such administrator or user in your organisation.',
    };
    for (const response of [
      await eve.get(`/api/console/accounts/${bob.id}/sessions`),
      await eve.get(`/api/console/accounts/${bob.id}/sign-ins`),
      await eve.get(`/api/console/accounts/${adaId}/sign-ins`),
      await eve.request('DELETE', `/api/console/accounts/${bob.id}/sessions`),
      await eve.request('DELETE', `/api/console/accounts/${adaId}/sessions/0123456789abcdef`),
      await ada.get('/api/console/accounts/no-such-account/sessions'),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual(notFound);
    }
    expect((await ada.get('/api/console/me')).status).toBe(200);
  });

  it('ends every session of an administrator whose password is reset, and says so in the trail', async () => {
    const first = await signInToConsole(`pat@${domain}`);
    const second = await signInToConsole(`pat@${domain}`);
    const before = (await ada.get<AccountSessions>(`/api/console/accounts/${pat.id}/sessions`)).body
      .sessions.length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect((await ada.post(`/api/console/administrators/${pat.id}/reset-password`)).status).toBe(
      202,
    );
    const mail = await mailbox.waitForMessageTo(`pat@${domain}`);
    const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const reset = await new HttpClient(baseUrl).post('/api/console/password-reset', {
      token,
      newPassword: 'pat chose a new fail-safe passphrase',
    });
    expect(reset.status).toBe(200);
    expect((await first.get('/api/console/me')).status).toBe(401);
    expect((await second.get('/api/console/me')).status).toBe(401);
    expect(
      (await ada.get<AccountSessions>(`/api/console/accounts/${pat.id}/sessions`)).body.sessions,
    ).toEqual([]);
    await expectEventually(async () =>
      expect(await trailDescriptions()).toContain(
        `pat@${domain} has ended all sessions (${before}) of pat@${domain} after a password reset`,
      ),
    );
  });

  it('ends all your own sessions, the current one included', async () => {
    const other = await signInToConsole(`ada@${domain}`);
    const revoked = await ada.request<{ revoked: number }>('DELETE', '/api/console/sessions');
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked).toBeGreaterThanOrEqual(2);
    expect((await ada.get('/api/console/me')).status).toBe(401);
    expect((await other.get('/api/console/me')).status).toBe(401);
  });
});
