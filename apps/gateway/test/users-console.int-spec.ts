import { randomInt } from 'node:crypto';

import type {
  AuditTrailPage,
  BulkUserStatusResult,
  SignInHistory,
  UserDetailView,
  UserView,
} from '@coffer/contracts';
import {
  expectEventually,
  HttpClient,
  IdentitySeeder,
  Mailbox,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

// Issue 18: the console's Users table stopped at 100 with no pager, total or sort, bulk changes
// were one request per user, an invited user who lost the email could not be sent another, and
// a user's page showed no sign-ins. This pins those endpoints through the gateway, each scoped
// to the caller's organisation and refusing bad input with a sentence.
describe('users in the console: paging, bulk status, resend invite, sign-in history', () => {
  const { env, config, mailApi } = testEnvironment('users-console');
  const baseUrl = config.publicUrl;
  const mailbox = new Mailbox(mailApi);
  // The mail catcher keeps mail across runs: addresses of this run only.
  // Digits only: a hex domain holds an "a" now and then, which the search for "A" would match.
  const domain = `u${randomInt(100_000, 1_000_000)}.test`;
  const seeder = new IdentitySeeder(config);
  const password = 'administrator passphrase 18';
  const userPassword = 'user passphrase number 18';
  const admin = new HttpClient(baseUrl);
  const other = new HttpClient(baseUrl);
  let services: ServiceProcesses;
  const users: UserView[] = [];
  let foreigner: UserView;

  // Created one after the other, so "created" sorts them in this order.
  const PEOPLE = ['Frank', 'alice', 'Eve', 'Dan', 'carol', 'Bob', 'Gina'];

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env });
    await waitForHealthyGateway(baseUrl);
    await seeder.organization('umbrella', { email: `ada@${domain}`, password });
    await seeder.organization('globex', { email: `hank@globex-${domain}`, password });
    expect(
      (await admin.post('/api/console/login', { email: `ada@${domain}`, password })).status,
    ).toBe(200);
    expect(
      (await other.post('/api/console/login', { email: `hank@globex-${domain}`, password })).status,
    ).toBe(200);
    for (const name of PEOPLE) {
      const created = await admin.post<UserView>('/api/console/users', {
        email: `${name.toLowerCase()}@${domain}`,
        name,
        password: userPassword,
      });
      expect(created.status).toBe(201);
      users.push(created.body);
    }
    foreigner = (
      await other.post<UserView>('/api/console/users', {
        email: `ivan@globex-${domain}`,
        name: 'Ivan',
        password: userPassword,
      })
    ).body;
  });

  afterAll(async () => {
    await seeder.close();
    await services?.stopAll();
  });

  const page = (query: string) => admin.get<UserView[]>(`/api/console/users?${query}`);
  const emails = (list: UserView[]) => list.map((user) => user.email.split('@')[0]);

  describe('GET /api/console/users', () => {
    it('answers one page at a time with the total in X-Total-Count', async () => {
      const first = await page('pageSize=3&page=1');
      expect(first.status).toBe(200);
      expect(first.headers.get('x-total-count')).toBe('7');
      expect(emails(first.body)).toEqual(['alice', 'bob', 'carol']);
      expect(emails((await page('pageSize=3&page=3')).body)).toEqual(['gina']);
      expect((await page('pageSize=3&page=4')).body).toEqual([]);
    });

    it('sorts by each column, both ways', async () => {
      expect(emails((await page('sort=email&order=desc&pageSize=2')).body)).toEqual([
        'gina',
        'frank',
      ]);
      // Names sort as stored: upper case before lower case, as MongoDB compares them.
      const byName = (await page('sort=name')).body.map((user) => user.name);
      expect(byName).toEqual([...byName].sort());
      const byCreated = await page('sort=created&order=desc');
      expect(byCreated.body.map((user) => user.name)).toEqual([...PEOPLE].reverse());
      expect(byCreated.body[0].createdAt).toEqual(expect.any(String));
      expect((await page('sort=profile')).status).toBe(200);
      expect((await page('sort=status')).status).toBe(200);
    });

    it('filters by status and searches, counting what matches', async () => {
      const dan = users.find((user) => user.name === 'Dan')!;
      expect((await admin.post(`/api/console/users/${dan.id}/disable`)).status).toBe(200);
      const disabled = await page('status=disabled');
      expect(emails(disabled.body)).toEqual(['dan']);
      expect(disabled.headers.get('x-total-count')).toBe('1');
      const active = await page('status=active&query=A');
      // Names or emails with an "a" (case-insensitive), Dan is disabled.
      expect(emails(active.body)).toEqual(['alice', 'carol', 'frank', 'gina']);
      expect(active.headers.get('x-total-count')).toBe('4');
      expect((await admin.post(`/api/console/users/${dan.id}/activate`)).status).toBe(200);
    });

    it('keeps the older callers working: an array, limit, the first 100 by email', async () => {
      const all = await admin.get<UserView[]>('/api/console/users');
      expect(emails(all.body)).toEqual(['alice', 'bob', 'carol', 'dan', 'eve', 'frank', 'gina']);
      expect((await admin.get<UserView[]>('/api/console/users?limit=2')).body).toHaveLength(2);
    });

    it("shows only the caller's organisation", async () => {
      const theirs = await other.get<UserView[]>('/api/console/users?pageSize=500');
      expect(theirs.body.map((user) => user.id)).toEqual([foreigner.id]);
      expect(theirs.headers.get('x-total-count')).toBe('1');
    });

    it('refuses bad paging or sorting with a sentence', async () => {
      for (const query of ['sort=password', 'order=up', 'page=0', 'pageSize=501', 'status=x']) {
        const refused = await page(query);
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({
          code: 'invalid-request',
          message: expect.any(String),
        });
      }
      expect(((await page('sort=password')).body as unknown as { message: string }).message).toBe(
        'sort: Sort by email, name, status, profile or created.',
      );
    });
  });

  describe('POST /api/console/users/bulk-status', () => {
    it('changes each user on its own and says what happened to each', async () => {
      const [alice, bob, carol] = users;
      expect((await admin.post(`/api/console/users/${carol.id}/disable`)).status).toBe(200);
      const answer = await admin.post<BulkUserStatusResult>('/api/console/users/bulk-status', {
        action: 'disable',
        userIds: [alice.id, bob.id, carol.id, foreigner.id],
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ changed: 2, failed: 2 });
      expect(answer.body.results).toEqual([
        { userId: alice.id, ok: true, user: expect.objectContaining({ status: 'disabled' }) },
        { userId: bob.id, ok: true, user: expect.objectContaining({ status: 'disabled' }) },
        expect.objectContaining({ userId: carol.id, ok: false, code: 'user-status-unchanged' }),
        // Another organisation's user is not found, and stays as it was.
        expect.objectContaining({ userId: foreigner.id, ok: false, code: 'user-not-found' }),
      ]);
      const theirs = await other.get<UserDetailView>(`/api/console/users/${foreigner.id}`);
      expect(theirs.body.status).toBe('active');

      const back = await admin.post<BulkUserStatusResult>('/api/console/users/bulk-status', {
        action: 'activate',
        userIds: [alice.id, bob.id, carol.id],
      });
      expect(back.body).toMatchObject({ changed: 3, failed: 0 });
    });

    it('refuses a body without users, with another action, or with more fields', async () => {
      for (const body of [
        { action: 'disable', userIds: [] },
        { action: 'delete', userIds: [users[0].id] },
        { action: 'disable', userIds: [users[0].id], orgId: 'another' },
        {},
      ]) {
        const refused = await admin.post('/api/console/users/bulk-status', body);
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({
          code: 'invalid-request',
          message: expect.any(String),
        });
      }
    });
  });

  describe('POST /api/console/users/:id/resend-invite', () => {
    const linkOf = (text: string) => /\/set-password#token=([\w-]+)/.exec(text)?.[1];

    it('emails a fresh link to a user without a password, once they have one it is a 409', async () => {
      const email = `olga@${domain}`;
      const olga = (await admin.post<UserView>('/api/console/users', { email, name: 'Olga' })).body;
      const first = linkOf((await mailbox.waitForMessageTo(email)).text)!;
      const detail = await admin.get<UserDetailView>(`/api/console/users/${olga.id}`);
      expect(detail.body.passwordSet).toBe(false);

      const resent = await admin.post(`/api/console/users/${olga.id}/resend-invite`);
      expect(resent.status).toBe(202);
      const second = await expectEventually(async () => {
        const token = linkOf((await mailbox.waitForMessageTo(email)).text);
        expect(token).not.toBe(first);
        return token!;
      });
      // The older link stops working; the new one sets the password.
      const old = await new HttpClient(baseUrl).post('/api/portal/password', {
        token: first,
        newPassword: 'olga chose this passphrase',
      });
      expect(old.body).toMatchObject({ code: 'password-link-invalid' });
      const chosen = await new HttpClient(baseUrl).post('/api/portal/password', {
        token: second,
        newPassword: 'olga chose this passphrase',
      });
      expect(chosen.status).toBe(200);
      expect(
        (await admin.get<UserDetailView>(`/api/console/users/${olga.id}`)).body.passwordSet,
      ).toBe(true);

      const again = await admin.post(`/api/console/users/${olga.id}/resend-invite`);
      expect(again.status).toBe(409);
      expect(again.body).toEqual({
        code: 'user-password-already-set',
        message: 'This user has already chosen a password; there is no invitation to send again.',
      });

      await expectEventually(async () => {
        const trail = await admin.get<AuditTrailPage>(
          `/api/console/audit-trail?${new URLSearchParams({ q: email })}`,
        );
        expect(trail.body.entries).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              action: 'user-invitation-resent',
              description: `ada@${domain} has sent ${email} a new link to choose their password`,
            }),
          ]),
        );
      });
    });

    it("is not found for another organisation's user or a malformed id", async () => {
      expect((await admin.post(`/api/console/users/${foreigner.id}/resend-invite`)).status).toBe(
        404,
      );
      expect((await admin.post('/api/console/users/nope/resend-invite')).status).toBe(404);
    });
  });

  describe('GET /api/console/users/:id/sign-ins', () => {
    it('lists recent sign-ins newest first: time, method, IP, browser, outcome', async () => {
      const gina = users.find((user) => user.name === 'Gina')!;
      const portal = new HttpClient(baseUrl);
      const headers = { 'user-agent': 'Coffer test browser/1.0' };
      expect(
        (
          await portal.request('POST', '/api/portal/login', {
            json: { email: gina.email, password: 'not her password' },
            headers,
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await portal.request('POST', '/api/portal/login', {
            json: { email: gina.email, password: userPassword },
            headers,
          })
        ).status,
      ).toBe(200);

      const history = await expectEventually(async () => {
        const answer = await admin.get<SignInHistory>(`/api/console/users/${gina.id}/sign-ins`);
        expect(answer.status).toBe(200);
        expect(answer.body.entries).toHaveLength(2);
        return answer.body;
      });
      expect(history.entries).toEqual([
        expect.objectContaining({
          outcome: 'succeeded',
          method: 'password',
          surface: 'portal',
          userAgent: 'Coffer test browser/1.0',
          ip: expect.any(String),
        }),
        expect.objectContaining({ outcome: 'failed', reason: 'bad-credentials' }),
      ]);
      expect(history.entries[0].at > history.entries[1].at).toBe(true);
    });

    it("is not found for another organisation's user", async () => {
      const gina = users.find((user) => user.name === 'Gina')!;
      expect((await other.get(`/api/console/users/${gina.id}/sign-ins`)).status).toBe(404);
      expect((await admin.get(`/api/console/users/${foreigner.id}/sign-ins`)).status).toBe(404);
    });
  });
});
