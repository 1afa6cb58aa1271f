import { setTimeout as sleep } from 'node:timers/promises';

import type { ApiTokenView, ApiTokenWithSecret } from '@coffer/contracts';
import { expectEventually, HttpClient, servicesUnderTest } from '@coffer/testing';

// Option 2 of the second seed: an administrator creates an API token with an expiry date and
// uses email + token where a password would go, until the token expires or is revoked.
describe('API tokens', () => {
  const { baseUrl, seeder } = servicesUnderTest('tokens', {
    // Shorter than the default year, so the console's limit is seen to come from the setting.
    env: { COFFER_TOKEN_SWEEP_SECONDS: '1', COFFER_TOKEN_MAX_DAYS: '200' },
  });
  const password = 'administrator passphrase 2';
  const admin = new HttpClient(baseUrl);
  const invalid = {
    code: 'invalid-credentials',
    message: 'Invalid email-id\\username or password',
  };
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const basic = (email: string, secret: string) => ({
    headers: { authorization: `Basic ${Buffer.from(`${email}:${secret}`).toString('base64')}` },
  });

  const seed = (slug: string, email: string) => seeder.organization(slug, { email, password });

  beforeAll(async () => {
    await seed('umbrella', 'ada@umbrella.test');
    await admin.post('/api/console/login', { email: 'ada@umbrella.test', password });
  });

  it('creates a token whose secret is shown once, lists it without the secret, and copies it while valid', async () => {
    const created = await admin.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'PST downloads',
      expiresAt: inDays(30),
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^cft_[\w-]{40}$/);

    const list = await admin.get<ApiTokenView[]>('/api/console/api-tokens');
    expect(list.body).toEqual([
      expect.objectContaining({
        name: 'PST downloads',
        status: 'active',
        lastFour: created.body.secret.slice(-4),
      }),
    ]);
    expect(list.text).not.toContain(created.body.secret);

    const copied = await admin.get<ApiTokenWithSecret>(
      `/api/console/api-tokens/${created.body.token.id}/secret`,
    );
    expect(copied.body.secret).toBe(created.body.secret);
  });

  it('tells the console the longest expiry the tokens service accepts, and refuses beyond it', async () => {
    const limits = await admin.get<{ maxDays: number }>('/api/console/api-tokens/limits');
    expect(limits.status).toBe(200);
    expect(limits.body).toEqual({ maxDays: 200 });
    const beyond = await admin.post('/api/console/api-tokens', {
      name: 'too long',
      expiresAt: inDays(202),
    });
    expect(beyond.body).toMatchObject({ code: 'invalid-expiry' });
    const within = await admin.post('/api/console/api-tokens', {
      name: 'long-lived',
      expiresAt: inDays(199),
    });
    expect(within.status).toBe(201);
    expect(await new HttpClient(baseUrl).get('/api/console/api-tokens/limits')).toMatchObject({
      status: 401,
    });
  });

  it("works with its owner's email in place of a password, and with no other email", async () => {
    const { body } = await admin.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'script',
      expiresAt: inDays(1),
    });

    const ok = await new HttpClient(baseUrl).get(
      '/api/console/users',
      basic('ADA@umbrella.test', body.secret),
    );
    expect(ok.status).toBe(200);
    const otherEmail = await new HttpClient(baseUrl).get(
      '/api/console/users',
      basic('bob@umbrella.test', body.secret),
    );
    expect(otherEmail.status).toBe(401);
    expect(otherEmail.body).toEqual(invalid);

    await expectEventually(async () => {
      const [listed] = (await admin.get<ApiTokenView[]>('/api/console/api-tokens')).body.filter(
        (token) => token.name === 'script',
      );
      expect(listed.lastUsedAt).not.toBeNull();
    });
  });

  it('stops working at once when revoked', async () => {
    const { body } = await admin.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'revoked',
      expiresAt: inDays(1),
    });
    expect((await admin.request('DELETE', `/api/console/api-tokens/${body.token.id}`)).status).toBe(
      200,
    );

    const refused = await new HttpClient(baseUrl).get(
      '/api/console/users',
      basic('ada@umbrella.test', body.secret),
    );
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(invalid);
  });

  it('stops working when it expires, cannot be copied then, and its expiry is audited', async () => {
    const expiresAt = new Date(Date.now() + 3_000).toISOString();
    const { body } = await admin.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'short-lived',
      expiresAt,
    });
    expect(
      (
        await new HttpClient(baseUrl).get(
          '/api/console/users',
          basic('ada@umbrella.test', body.secret),
        )
      ).status,
    ).toBe(200);

    await sleep(3_500);
    expect(
      (
        await new HttpClient(baseUrl).get(
          '/api/console/users',
          basic('ada@umbrella.test', body.secret),
        )
      ).status,
    ).toBe(401);
    expect((await admin.get(`/api/console/api-tokens/${body.token.id}/secret`)).status).toBe(409);
    await expectEventually(async () => {
      const trail = await admin.get<{ entries: { description: string }[] }>(
        '/api/console/audit-trail?activityType=api-tokens',
      );
      expect(trail.body.entries.map((entry) => entry.description)).toContain(
        'The API token short-lived of ada@umbrella.test has expired',
      );
    });
  });

  it('requires an expiry date in the future and within the limit', async () => {
    const past = await admin.post('/api/console/api-tokens', { name: 'x', expiresAt: inDays(-1) });
    expect(past.status).toBe(400);
    expect(past.body).toEqual({
      code: 'invalid-expiry',
      message: 'Choose an expiry date in the future.',
    });
    const far = await admin.post('/api/console/api-tokens', { name: 'x', expiresAt: inDays(400) });
    expect(far.status).toBe(400);
    expect(far.body).toMatchObject({ code: 'invalid-expiry' });
    const missing = await admin.post('/api/console/api-tokens', { name: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'invalid-request' });
  });

  it("stops a disabled administrator's tokens at once", async () => {
    const created = await admin.post<{ id: string }>('/api/console/administrators', {
      email: 'leon@umbrella.test',
      name: 'Leon',
      role: 'product-administrator',
      password,
    });
    const leon = new HttpClient(baseUrl);
    await leon.post('/api/console/login', { email: 'leon@umbrella.test', password });
    const { body } = await leon.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'leon',
      expiresAt: inDays(1),
    });
    expect(
      (
        await new HttpClient(baseUrl).get(
          '/api/console/users',
          basic('leon@umbrella.test', body.secret),
        )
      ).status,
    ).toBe(200);

    await admin.post(`/api/console/administrators/${created.body.id}/disable`);
    expect(
      (
        await new HttpClient(baseUrl).get(
          '/api/console/users',
          basic('leon@umbrella.test', body.secret),
        )
      ).status,
    ).toBe(401);
  });

  it('is useless in another organisation and shows nothing of it', async () => {
    const { body } = await admin.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'mine',
      expiresAt: inDays(1),
    });
    await seed('wayne', 'bruce@wayne.test');
    const other = new HttpClient(baseUrl);
    await other.post('/api/console/login', { email: 'bruce@wayne.test', password });

    expect((await other.get(`/api/console/api-tokens/${body.token.id}/secret`)).status).toBe(404);
    expect((await other.request('DELETE', `/api/console/api-tokens/${body.token.id}`)).status).toBe(
      404,
    );
    expect(
      (
        await new HttpClient(baseUrl).get(
          '/api/console/users',
          basic('bruce@wayne.test', body.secret),
        )
      ).status,
    ).toBe(401);
  });

  it('audits what was done with a token as done by the token, on the admin trail', async () => {
    const { body } = await admin.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'automation',
      expiresAt: inDays(1),
    });
    await new HttpClient(baseUrl).post(
      '/api/console/users',
      { email: 'jill@umbrella.test', name: 'Jill', password: 'jill has a long passphrase' },
      basic('ada@umbrella.test', body.secret),
    );
    await expectEventually(async () => {
      const trail = await admin.get<{
        entries: { description: string; trail: string; actor: { type: string } }[];
      }>('/api/console/audit-trail?activityType=user-management');
      expect(trail.body.entries).toContainEqual(
        expect.objectContaining({
          description: 'ada@umbrella.test has created the user jill@umbrella.test',
          trail: 'admin',
          actor: expect.objectContaining({ type: 'api-token' }),
        }),
      );
    });
  });
});
