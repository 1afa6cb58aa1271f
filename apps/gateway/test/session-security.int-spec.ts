import { randomUUID } from 'node:crypto';

import { HttpClient, openApiOperations, servicesUnderTest } from '@coffer/testing';

const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete']);

/**
 * The requests that come before there is a session (signing in, choosing a password from an
 * emailed link): nothing to prove with a CSRF token, so they refuse other sites' origins instead.
 */
const BEFORE_A_SESSION = new Set([
  'POST /api/console/login',
  'POST /api/console/login/passkey',
  'POST /api/console/passkeys/challenge',
  'POST /api/console/forgot-password',
  'POST /api/console/password-reset',
  'POST /api/portal/login',
  'POST /api/portal/password',
]);

/**
 * Sessions and CSRF swept over every state-changing endpoint of the OpenAPI document: with a
 * valid session cookie but without the double-submit proof (or with a wrong one) each is refused
 * before it does anything; the pre-session ones refuse a foreign Origin. Cookies are httpOnly and
 * SameSite, a planted session id is never adopted, and sign-out ends the session on the server.
 */
describe('sessions and CSRF over every endpoint', () => {
  const { baseUrl, seeder } = servicesUnderTest('sessions');
  const admin = { email: 'ada@umbrella.test', password: 'administrator passphrase 8' };
  const user = { email: 'bob@umbrella.test', password: 'user passphrase number 8' };
  const ada = new HttpClient(baseUrl);
  const bob = new HttpClient(baseUrl);

  beforeAll(async () => {
    await seeder.organization('umbrella', admin);
    expect((await ada.post('/api/console/login', admin)).status).toBe(200);
    expect((await ada.post('/api/console/users', { ...user, name: 'Bob' })).status).toBe(201);
    expect((await bob.post('/api/portal/login', user)).status).toBe(200);
  });

  it('refuses every state-changing request that lacks the CSRF proof', async () => {
    const operations = await openApiOperations(baseUrl);
    const refusals: string[] = [];
    const swept: string[] = [];
    for (const { method, path } of operations.filter(({ method }) => STATE_CHANGING.has(method))) {
      const operation = `${method.toUpperCase()} ${path}`;
      if (BEFORE_A_SESSION.has(operation)) continue;
      const client = path.startsWith('/api/portal/') ? bob : ada;
      const url = path.replace(/\{action\}/g, 'disable').replace(/\{\w+\}/g, randomUUID());
      for (const proof of [undefined, 'not-the-token']) {
        const answer = await client.request<{ code?: string }>(method.toUpperCase(), url, {
          json: {},
          withoutCsrf: true,
          headers: proof ? { 'x-csrf-token': proof } : {},
        });
        if (answer.status !== 403 || answer.body?.code !== 'csrf-failed')
          refusals.push(`${operation} (${proof ?? 'no proof'}): ${answer.status} ${answer.text}`);
      }
      swept.push(operation);
    }
    expect(swept.length).toBeGreaterThanOrEqual(18);
    expect(refusals).toEqual([]);
    // Every pre-session endpoint is still in the document, so the list above cannot go stale.
    const documented = operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    for (const operation of BEFORE_A_SESSION) expect(documented).toContain(operation);
  });

  // Regression: any matching cookie/header pair passed, so a CSRF token an attacker planted in
  // the cookie (or took from a session of their own) was as good as the session's own.
  it("refuses a CSRF token that is not this session's own", async () => {
    const other = new HttpClient(baseUrl);
    expect((await other.post('/api/console/login', admin)).status).toBe(200);
    const othersToken = other.cookie('csrf-token')!;
    expect(othersToken).not.toBe(ada.cookie('csrf-token'));
    const session = `coffer_console_session=${ada.cookie('coffer_console_session')}`;
    const answer = await fetch(`${baseUrl}/api/console/users`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `${session}; csrf-token=${othersToken}`,
        'x-csrf-token': othersToken,
      },
      body: JSON.stringify({ email: 'eve@umbrella.test', name: 'Eve' }),
    });
    expect([answer.status, ((await answer.json()) as { code?: string }).code]).toEqual([
      403,
      'csrf-failed',
    ]);
    // The session's own token, with the same request, is accepted.
    const own = await ada.post('/api/console/users', { email: 'eve@umbrella.test', name: 'Eve' });
    expect(own.status).toBe(201);
  });

  it('refuses the pre-session requests from another site', async () => {
    for (const operation of BEFORE_A_SESSION) {
      const [method, path] = operation.split(' ');
      const answer = await new HttpClient(baseUrl).request<{ code?: string }>(method, path, {
        json: { email: admin.email, password: admin.password, token: 'x'.repeat(43) },
        headers: { origin: 'https://attacker.example' },
      });
      expect([operation, answer.status, answer.body?.code]).toEqual([
        operation,
        403,
        'origin-refused',
      ]);
    }
    // The download page's form, too: it can sign in with a console session cookie.
    const download = await fetch(`${baseUrl}/download/pst/${randomUUID()}`, {
      method: 'POST',
      headers: {
        origin: 'https://attacker.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ email: admin.email, password: admin.password }).toString(),
    });
    expect(download.status).toBe(403);
    // A browser that sends no Origin still says the request crossed sites.
    const crossSite = await new HttpClient(baseUrl).post<{ code?: string }>(
      '/api/portal/login',
      user,
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect([crossSite.status, crossSite.body?.code]).toEqual([403, 'origin-refused']);
    const sandboxed = await new HttpClient(baseUrl).post('/api/portal/login', user, {
      headers: { origin: 'null' },
    });
    expect(sandboxed.status).toBe(403);
    // The same sign-in from this site's own page is accepted.
    const ours = await new HttpClient(baseUrl).post('/api/portal/login', user, {
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin' },
    });
    expect(ours.status).toBe(200);
  });

  it('sets httpOnly SameSite session cookies and never adopts a planted session id', async () => {
    const planted = 'planted-session-id-0123456789abcdefghijklmnop';
    const answer = await fetch(`${baseUrl}/api/console/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `coffer_console_session=${planted}`,
      },
      body: JSON.stringify(admin),
    });
    expect(answer.status).toBe(200);
    const cookies = answer.headers.getSetCookie();
    const session = cookies.find((line) => line.startsWith('coffer_console_session='));
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).not.toContain(planted);
    expect(cookies.find((line) => line.startsWith('csrf-token='))).toMatch(/; SameSite=Strict/i);
    // The planted id is no session at all.
    const withPlanted = await fetch(`${baseUrl}/api/console/me`, {
      headers: { cookie: `coffer_console_session=${planted}` },
    });
    expect(withPlanted.status).toBe(401);
  });

  it('ends the session on the server at sign-out: the old cookie no longer works', async () => {
    const client = new HttpClient(baseUrl);
    expect((await client.post('/api/portal/login', user)).status).toBe(200);
    const stolen = client.cookie('coffer_portal_session') as string;
    expect((await client.post('/api/portal/logout')).status).toBe(204);
    const replayed = await fetch(`${baseUrl}/api/portal/me`, {
      headers: { cookie: `coffer_portal_session=${stolen}` },
    });
    expect(replayed.status).toBe(401);
  });
});
