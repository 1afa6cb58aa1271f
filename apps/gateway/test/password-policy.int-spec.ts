import type { AdministratorView, PasswordRules } from '@coffer/contracts';
import { expectEventually, HttpClient, Mailbox, servicesUnderTest } from '@coffer/testing';

// One password policy on every path that sets a password, each refusal with its reason, and the
// rules published before anything is typed.
describe('the password policy', () => {
  const { mailApi, baseUrl, seeder } = servicesUnderTest('password-policy');
  // The mail catcher outlives a run: addresses of their own, so an old mail is never read as new.
  const domain = `policy-${Date.now().toString(36)}.test`;
  const mailbox = new Mailbox(mailApi);
  const adminPassword = 'administrator passphrase 1';
  const admin = new HttpClient(baseUrl);
  let pat: AdministratorView;

  beforeAll(async () => {
    await seeder.organization('policy', { email: `ada@${domain}`, password: adminPassword });
    expect(
      (
        await admin.post('/api/console/login', {
          email: `ada@${domain}`,
          password: adminPassword,
        })
      ).status,
    ).toBe(200);
    const created = await admin.post<AdministratorView>('/api/console/administrators', {
      email: `pat@${domain}`,
      name: 'Pat',
      role: 'product-administrator',
      password: 'pat has a strong fail-safe passphrase',
    });
    expect(created.status).toBe(201);
    pat = created.body;
  });

  const tokenOf = (text: string) => /#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

  /** A weak password's refusal: the code, and zxcvbn's feedback as sentences. */
  const tooWeak = (audience: 'an administrator' | 'a user', minimum: number) => ({
    code: 'password-too-weak',
    message: expect.stringMatching(
      new RegExp(
        `^This password is too easy to guess: its strength is [0-${minimum - 1}] of 4, and ${audience} needs at least ${minimum}\\. \\S.*\\.$`,
      ),
    ),
  });

  describe('GET /api/password-policy', () => {
    it('answers the rules for administrators and for users without a session', async () => {
      const anyone = new HttpClient(baseUrl);
      const administrator = await anyone.get<PasswordRules>(
        '/api/password-policy?for=administrator',
      );
      expect(administrator.status).toBe(200);
      expect(administrator.body).toEqual({
        for: 'administrator',
        minLength: 12,
        maxLength: 256,
        minStrength: 3,
        maxStrength: 4,
        refusesCommonPasswords: true,
      });
      const user = await anyone.get<PasswordRules>('/api/password-policy?for=user');
      expect(user.body).toMatchObject({ for: 'user', minLength: 12, minStrength: 2 });
    });

    it('refuses an unknown audience with a clear message', async () => {
      const response = await new HttpClient(baseUrl).get<{ code: string; message: string }>(
        '/api/password-policy?for=robot',
      );
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        code: 'invalid-request',
        message: 'for: Ask for the rules of an administrator or a user password.',
        fields: { for: 'Ask for the rules of an administrator or a user password.' },
      });
    });
  });

  it('refuses aaaaaaaaaaaa on an administrator reset link, keeps the link, then takes a strong one', async () => {
    expect((await admin.post(`/api/console/administrators/${pat.id}/reset-password`)).status).toBe(
      202,
    );
    const mail = await mailbox.waitForMessageTo(`pat@${domain}`);
    const token = tokenOf(mail.text)!;
    const reset = (newPassword: string) =>
      new HttpClient(baseUrl).post<{ code: string; message: string }>(
        '/api/console/password-reset',
        { token, newPassword },
      );

    const repeated = await reset('aaaaaaaaaaaa');
    expect(repeated.status).toBe(400);
    expect(repeated.body).toEqual(tooWeak('an administrator', 3));
    expect(repeated.body.message).toContain('Repeated characters like "aaa" are easy to guess.');
    // Strong enough for a user (score 2), not for an administrator.
    const middling = await reset('football2020!');
    expect(middling.status).toBe(400);
    expect(middling.body).toEqual(tooWeak('an administrator', 3));
    expect((await reset('qwertyuiop12')).body.code).toBe('password-too-common');
    expect((await reset('too short')).body.code).toBe('password-too-short');
    expect((await reset('x'.repeat(257))).body.code).toBe('password-too-long');

    expect((await reset('pat picked a sturdier passphrase')).status).toBe(200);
  });

  it('applies the same rules to a link from "forgot password"', async () => {
    expect(
      (
        await new HttpClient(baseUrl).post('/api/console/forgot-password', {
          email: `ada@${domain}`,
        })
      ).status,
    ).toBe(202);
    const mail = await expectEventually(async () => {
      const resets = (await mailbox.messagesTo(`ada@${domain}`)).filter(
        (message) => message.subject === 'Reset your Coffer fail-safe password',
      );
      expect(resets).toHaveLength(1);
      return resets[0];
    });
    const token = tokenOf(mail.text)!;
    const refused = await new HttpClient(baseUrl).post('/api/console/password-reset', {
      token,
      newPassword: 'aaaaaaaaaaaa',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(tooWeak('an administrator', 3));
    // The refused attempt did not cost the link.
    const newPassword = 'ada found a better passphrase';
    const accepted = await new HttpClient(baseUrl).post('/api/console/password-reset', {
      token,
      newPassword,
    });
    expect(accepted.body).toEqual({ passwordSet: true });
    // The reset ended Ada's session; she signs in again with the new password.
    expect((await admin.get('/api/console/me')).status).toBe(401);
    expect(
      (await admin.post('/api/console/login', { email: `ada@${domain}`, password: newPassword }))
        .status,
    ).toBe(200);
  });

  it('refuses a weak fail-safe password when creating an administrator, and creates nobody', async () => {
    const refused = await admin.post('/api/console/administrators', {
      email: `weak@${domain}`,
      name: 'Weak',
      role: 'product-administrator',
      password: 'football2020!',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(tooWeak('an administrator', 3));
    const list = await admin.get<AdministratorView[]>('/api/console/administrators');
    expect(list.body.map((administrator) => administrator.email)).not.toContain(`weak@${domain}`);
  });

  it('sets a lower bar for a user created with a password', async () => {
    const refused = await admin.post('/api/console/users', {
      email: `wes@${domain}`,
      name: 'Wes',
      password: 'aaaaaaaaaaaa',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(tooWeak('a user', 2));
    const created = await admin.post('/api/console/users', {
      email: `wes@${domain}`,
      name: 'Wes',
      password: 'football2020!',
    });
    expect(created.status).toBe(201);
  });

  it("refuses a weak password on a new user's set-password link", async () => {
    expect(
      (await admin.post('/api/console/users', { email: `lin@${domain}`, name: 'Lin' })).status,
    ).toBe(201);
    const token = tokenOf((await mailbox.waitForMessageTo(`lin@${domain}`)).text)!;
    const refused = await new HttpClient(baseUrl).post('/api/portal/password', {
      token,
      newPassword: 'abcabcabcabc',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(tooWeak('a user', 2));
    const chosen = await new HttpClient(baseUrl).post('/api/portal/password', {
      token,
      newPassword: 'lin chose a passphrase',
    });
    expect(chosen.status).toBe(200);
  });
});
