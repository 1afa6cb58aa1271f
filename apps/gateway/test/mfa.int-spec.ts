import {
  IdentityMessages,
  type MfaStatus,
  SYSTEM_ACTOR,
  type TotpEnrolment,
  type TotpEnrolmentConfirmed,
} from '@coffer/contracts';
import { ServiceClients } from '@coffer/service-kit';
import {
  expectEventually,
  HttpClient,
  IdentitySeeder,
  Mailbox,
  ServiceProcesses,
  testEnvironment,
  totpCode,
  waitForHealthyGateway,
} from '@coffer/testing';

interface Refusal {
  code: string;
  message: string;
}

// Administrators' TOTP over HTTP, against the running services: enrolment, sign-in with a code
// or a recovery code, replay, HTTP Basic, break-glass emails, MFA reset, step-up and the policy.
describe('administrator multi-factor authentication', () => {
  const { env, config, mailApi } = testEnvironment('mfa');
  const baseUrl = config.publicUrl;
  // A short step-up window, so its expiry is seen without waiting ten minutes.
  const settings = { COFFER_STEP_UP_MINUTES: '0.15', COFFER_LOCKOUT_THRESHOLD: '4' };
  let services: ServiceProcesses;
  const seeder = new IdentitySeeder(config);
  const clients = new ServiceClients(config);
  const mailbox = new Mailbox(mailApi);
  const password = 'administrator passphrase 1';
  // The SMTP catcher keeps every run's mail: addresses of this run only.
  const domain = `mfa-${Date.now().toString(36)}.test`;
  const system = { actor: SYSTEM_ACTOR, correlationId: 'mfa-test' };
  let orgId: string;
  let aliceId: string;
  let enrolment: TotpEnrolment;
  let recoveryCodes: string[];

  const login = (
    email: string,
    body: Record<string, unknown> = {},
    client = new HttpClient(baseUrl),
  ) =>
    client.post<Refusal & { administrator?: object; mfa?: MfaStatus; breakGlass?: boolean }>(
      '/api/console/login',
      { email, password, ...body },
    );
  const basic = (email: string, secret: string) => ({
    authorization: `Basic ${Buffer.from(`${email}:${secret}`).toString('base64')}`,
  });

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env: { ...env, ...settings } });
    await waitForHealthyGateway(baseUrl);
    const seeded = await seeder.organization('mfa-org', {
      email: `alice@${domain}`,
      password,
      name: 'Alice',
    });
    orgId = seeded.organization.id;
    aliceId = seeded.administrator.id;
    for (const email of [`carol@${domain}`, `dave@${domain}`])
      await clients.send(IdentityMessages.administrators.create, {
        context: system,
        orgId,
        email,
        name: email,
        role: 'cloud-administrator',
        password,
      });
    await clients.send(IdentityMessages.administrators.create, {
      context: system,
      orgId,
      email: `pat@${domain}`,
      name: 'Pat',
      role: 'product-administrator',
      password,
    });
  });

  afterAll(async () => {
    await seeder.close();
    await clients.close();
    await services?.stopAll();
  });

  it('tells an administrator of a new organisation to enrol, within the grace period', async () => {
    const client = new HttpClient(baseUrl);
    const signedIn = await login(`alice@${domain}`, {}, client);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mfa).toMatchObject({
      enrolled: false,
      required: true,
      enrolmentOverdue: false,
    });
    const enrolBy = new Date(signedIn.body.mfa!.enrolBy!).getTime();
    expect(enrolBy).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    // Within the grace period the whole console is open.
    expect((await client.get('/api/console/users')).status).toBe(200);
  });

  it('enrols with a code computed from the otpauth URI, and gives ten recovery codes once', async () => {
    const client = new HttpClient(baseUrl);
    await login(`alice@${domain}`, {}, client);
    const started = await client.post<TotpEnrolment>('/api/console/mfa/totp');
    expect(started.status).toBe(201);
    enrolment = started.body;
    expect(enrolment.otpauthUri).toMatch(
      new RegExp(
        `^otpauth://totp/Coffer:alice%40${domain.replace(/[.-]/g, '\\$&')}` +
          '\\?secret=[A-Z2-7]+&period=30&digits=6&algorithm=SHA1&issuer=Coffer$',
      ),
    );
    expect(enrolment.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);

    // An unconfirmed enrolment neither protects nor blocks: the password alone still signs in.
    expect((await login(`alice@${domain}`)).status).toBe(200);

    const wrong = await client.post<Refusal>('/api/console/mfa/totp/confirm', { otp: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ code: 'invalid-otp', message: 'The code is not valid.' });

    const confirmed = await client.post<TotpEnrolmentConfirmed>('/api/console/mfa/totp/confirm', {
      otp: totpCode(enrolment.otpauthUri),
    });
    expect(confirmed.status).toBe(200);
    recoveryCodes = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const status = await client.get<MfaStatus>('/api/console/mfa');
    expect(status.body).toMatchObject({ enrolled: true, required: true, enrolBy: null });
    expect(status.body.recoveryCodesLeft).toBe(10);
    // Shown once: starting again is refused, the codes are never answered again.
    expect((await client.post<Refusal>('/api/console/mfa/totp')).body.code).toBe(
      'mfa-already-enrolled',
    );
  });

  it('answers a right password without a code with 401 mfa-required and no session', async () => {
    const client = new HttpClient(baseUrl);
    const response = await login(`alice@${domain}`, {}, client);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('mfa-required');
    expect(response.headers.getSetCookie().join('\n')).not.toMatch(/coffer_console_session=/);
    expect((await client.get('/api/console/me')).status).toBe(401);
  });

  it('signs in with the next code, and refuses it again (no replay within its window)', async () => {
    // The confirmation used the current step; the next one is within the ±1 window.
    const next = totpCode(enrolment.otpauthUri, new Date(), 1);
    const client = new HttpClient(baseUrl);
    const signedIn = await login(`alice@${domain}`, { otp: next }, client);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mfa).toMatchObject({ enrolled: true });
    expect((await client.get('/api/console/me')).status).toBe(200);

    const replay = await login(`alice@${domain}`, { otp: next });
    const older = await login(`alice@${domain}`, { otp: totpCode(enrolment.otpauthUri) });
    const malformed = await login(`alice@${domain}`, { otp: 'twelve' });
    for (const refused of [replay, older, malformed]) {
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ code: 'invalid-otp', message: 'The code is not valid.' });
    }
  });

  it('refuses HTTP Basic with the password of an account with MFA, pointing to API tokens', async () => {
    const response = await new HttpClient(baseUrl).get<Refusal>('/api/console/users', {
      headers: basic(`alice@${domain}`, password),
    });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('mfa-password-refused');
    expect(response.body.message).toMatch(/API token/);
    // Carol has no factor: her password still works for scripts.
    const carol = await new HttpClient(baseUrl).get('/api/console/users', {
      headers: basic(`carol@${domain}`, password),
    });
    expect(carol.status).toBe(200);
  });

  it('takes each recovery code once, and emails the other cloud administrators each time', async () => {
    const [first] = recoveryCodes;
    const client = new HttpClient(baseUrl);
    const signedIn = await login(`alice@${domain}`, { otp: first.toLowerCase() }, client);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.breakGlass).toBe(true);
    expect(signedIn.body.mfa?.recoveryCodesLeft).toBe(9);

    const again = await login(`alice@${domain}`, { otp: first });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('invalid-otp');

    for (const colleague of [`carol@${domain}`, `dave@${domain}`]) {
      const mail = await mailbox.waitForMessageTo(colleague);
      expect(mail.subject).toBe(`Coffer: alice@${domain} used a recovery code`);
      expect(mail.text).toContain('9 left');
      expect(mail.text).not.toContain(first);
    }
    // A product administrator and the account itself are not told.
    expect(await mailbox.messagesTo(`pat@${domain}`)).toHaveLength(0);
    expect(await mailbox.messagesTo(`alice@${domain}`)).toHaveLength(0);
  });

  it('shows recovery-code use and enrolment in the admin audit trail', async () => {
    const carol = new HttpClient(baseUrl);
    await login(`carol@${domain}`, {}, carol);
    const entries = await expectEventually(async () => {
      const trail = await carol.get<{
        entries: { action: string; activityType: string; description: string }[];
      }>('/api/console/audit-trail?trail=admin&activityType=break-glass');
      expect(trail.body.entries.map((entry) => entry.action)).toContain('recovery-code-used');
      return trail.body.entries;
    });
    expect(entries.find((entry) => entry.action === 'recovery-code-used')?.description).toBe(
      `alice@${domain} has signed in to the management console with a recovery code (9 left)`,
    );
    const enrolled = await carol.get<{ entries: { action: string }[] }>(
      '/api/console/audit-trail?trail=admin&activityType=administrator-management',
    );
    expect(enrolled.body.entries.map((entry) => entry.action)).toContain('mfa-enrolled');
  });

  it('locks the account after wrong codes like after wrong passwords', async () => {
    // Dave enrols, then a guesser with his password tries codes.
    const dave = new HttpClient(baseUrl);
    await login(`dave@${domain}`, {}, dave);
    const started = await dave.post<TotpEnrolment>('/api/console/mfa/totp');
    await dave.post('/api/console/mfa/totp/confirm', { otp: totpCode(started.body.otpauthUri) });
    const answers: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++)
      answers.push((await login(`dave@${domain}`, { otp: '123456' })).body.code);
    expect(answers.slice(0, 4)).toEqual([
      'invalid-otp',
      'invalid-otp',
      'invalid-otp',
      'invalid-otp',
    ]);
    expect(answers[4]).toBe('locked-out');
  });

  it('requires a recent sign-in or code for step-up operations, and renews it with a code', async () => {
    const client = new HttpClient(baseUrl);
    // The last recovery-code sign-in left alice at 9; use another one to sign in now.
    expect((await login(`alice@${domain}`, { otp: recoveryCodes[1] }, client)).status).toBe(200);
    const create = () =>
      client.post<Refusal>('/api/console/api-tokens', {
        name: `token ${Date.now()}`,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    expect((await create()).status).toBe(201);
    const refused = await expectEventually(
      async () => {
        const response = await create();
        expect(response.status).toBe(401);
        return response;
      },
      { timeoutMs: 30_000 },
    );
    expect(refused.body.code).toBe('reauthentication-required');
    const changeRole = await client.request<Refusal>(
      'PATCH',
      `/api/console/administrators/${aliceId}/role`,
      {
        json: { role: 'cloud-administrator' },
      },
    );
    expect(changeRole.body.code).toBe('reauthentication-required');

    const wrong = await client.post<Refusal>('/api/console/mfa/reauthenticate', { otp: '999999' });
    expect(wrong.body.code).toBe('invalid-otp');
    const renewed = await client.post('/api/console/mfa/reauthenticate', {
      otp: recoveryCodes[2],
    });
    expect(renewed.status).toBe(200);
    expect((await create()).status).toBe(201);
  });

  it("lets another cloud administrator reset an account's MFA: sessions end, everyone is told", async () => {
    const alice = new HttpClient(baseUrl);
    expect((await login(`alice@${domain}`, { otp: recoveryCodes[3] }, alice)).status).toBe(200);
    const carol = new HttpClient(baseUrl);
    await login(`carol@${domain}`, {}, carol);

    const self = await carol.post<Refusal>(
      `/api/console/administrators/${(await carol.get<{ administrator: { id: string } }>('/api/console/me')).body.administrator.id}/mfa-reset`,
    );
    expect(self.body.code).toBe('cannot-reset-own-mfa');
    const pat = new HttpClient(baseUrl);
    await login(`pat@${domain}`, {}, pat);
    expect(
      (await pat.post<Refusal>(`/api/console/administrators/${aliceId}/mfa-reset`)).status,
    ).toBe(403);

    const reset = await carol.post(`/api/console/administrators/${aliceId}/mfa-reset`);
    expect(reset.status).toBe(200);
    expect((await alice.get('/api/console/me')).status).toBe(401);
    // The password alone signs in again, and the organisation's policy asks to enrol again.
    const again = await login(`alice@${domain}`);
    expect(again.status).toBe(200);
    expect(again.body.mfa).toMatchObject({ enrolled: false, required: true });

    const mail = await mailbox.waitForMessageTo(`alice@${domain}`);
    expect(mail.subject).toBe(`Coffer: multi-factor authentication of alice@${domain} was reset`);
    const trail = await expectEventually(async () => {
      const response = await carol.get<{ entries: { action: string; description: string }[] }>(
        '/api/console/audit-trail?trail=admin&activityType=break-glass',
      );
      expect(response.body.entries.map((entry) => entry.action)).toContain('mfa-reset');
      return response.body.entries;
    });
    expect(trail.find((entry) => entry.action === 'mfa-reset')?.description).toBe(
      `carol@${domain} has reset the multi-factor authentication of alice@${domain}`,
    );
  });

  it('alerts on a fail-safe sign-in while SSO is enforced for administrators', async () => {
    await clients.send(IdentityMessages.sso.configure, {
      context: system,
      orgId,
      idpEntityId: 'https://idp.mfa.test',
      idpSsoUrl: 'https://idp.mfa.test/sso',
      idpCertificates: ['MIIBfake'],
      emailAttribute: null,
      nameAttribute: null,
      justInTimeProvisioning: false,
      enforcement: 'users-and-administrators',
    });
    const before = (await mailbox.messagesTo(`dave@${domain}`)).length;
    const signedIn = await login(`carol@${domain}`);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.breakGlass).toBe(true);
    const mail = await expectEventually(async () => {
      const messages = await mailbox.messagesTo(`dave@${domain}`);
      expect(messages.length).toBeGreaterThan(before);
      return messages[messages.length - 1];
    });
    expect(mail.subject).toBe(`Coffer: carol@${domain} signed in with the fail-safe password`);
  });

  it('after the grace period, lets an administrator without a factor reach only enrolment', async () => {
    const seeded = await seeder.organization('mfa-overdue', {
      email: `olga@${domain}`,
      password,
    });
    const orgOf = { context: system, orgId: seeded.organization.id };
    // Off, then on again with a grace period that ended a minute ago.
    await clients.send(IdentityMessages.mfa.setPolicy, {
      ...orgOf,
      requiredForAdministrators: false,
    });
    const client = new HttpClient(baseUrl);
    expect((await login(`olga@${domain}`, {}, client)).body.mfa).toMatchObject({
      required: false,
      enrolmentOverdue: false,
    });
    await clients.send(IdentityMessages.mfa.setPolicy, {
      ...orgOf,
      requiredForAdministrators: true,
      graceUntil: new Date(Date.now() - 60_000).toISOString(),
    });
    const signedIn = await login(`olga@${domain}`, {}, client);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mfa).toMatchObject({ required: true, enrolmentOverdue: true });
    const blocked = await client.get<Refusal>('/api/console/users');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('mfa-enrolment-required');
    expect((await client.get('/api/console/me')).status).toBe(200);

    // Enrolment is open, and once done the console is too.
    const started = await client.post<TotpEnrolment>('/api/console/mfa/totp');
    expect(started.status).toBe(201);
    const confirmed = await client.post('/api/console/mfa/totp/confirm', {
      otp: totpCode(started.body.otpauthUri),
    });
    expect(confirmed.status).toBe(200);
    expect((await client.get('/api/console/users')).status).toBe(200);
  });

  it('replaces recovery codes behind step-up: the old ones stop working, the trail says so', async () => {
    await seeder.organization('mfa-codes', { email: `rita@${domain}`, password });
    const client = new HttpClient(baseUrl);
    await login(`rita@${domain}`, {}, client);
    // Recovery codes belong to an authenticator app.
    const without = await client.post<Refusal>('/api/console/mfa/recovery-codes');
    expect(without.status).toBe(409);
    expect(without.body.code).toBe('mfa-not-enrolled');

    const started = await client.post<TotpEnrolment>('/api/console/mfa/totp');
    const confirmed = await client.post<TotpEnrolmentConfirmed>('/api/console/mfa/totp/confirm', {
      otp: totpCode(started.body.otpauthUri),
    });
    // A script's API token passes step-up, but must not mint codes for an interactive sign-in.
    const token = await client.post<{ secret: string }>('/api/console/api-tokens', {
      name: 'script',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const byToken = await new HttpClient(baseUrl).post<Refusal>(
      '/api/console/mfa/recovery-codes',
      undefined,
      { headers: basic(`rita@${domain}`, token.body.secret) },
    );
    expect(byToken.status).toBe(403);
    expect(byToken.body.code).toBe('forbidden');
    const replaced = await client.post<{ recoveryCodes: string[] }>(
      '/api/console/mfa/recovery-codes',
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.recoveryCodes).toHaveLength(10);
    const old = await login(`rita@${domain}`, { otp: confirmed.body.recoveryCodes[0] });
    expect(old.body.code).toBe('invalid-otp');
    const fresh = await login(`rita@${domain}`, { otp: replaced.body.recoveryCodes[0] });
    expect(fresh.status).toBe(200);
    expect(fresh.body.mfa?.recoveryCodesLeft).toBe(9);

    const entries = await expectEventually(async () => {
      const trail = await client.get<{ entries: { action: string; description: string }[] }>(
        '/api/console/audit-trail?trail=admin&activityType=administrator-management',
      );
      expect(trail.body.entries.map((entry) => entry.action)).toContain(
        'recovery-codes-regenerated',
      );
      return trail.body.entries;
    });
    expect(
      entries.find((entry) => entry.action === 'recovery-codes-regenerated')?.description,
    ).toBe(`rita@${domain} has replaced their recovery codes (the old ones no longer work)`);
    for (const code of [...confirmed.body.recoveryCodes, ...replaced.body.recoveryCodes])
      expect(JSON.stringify(entries)).not.toContain(code);

    // Past the step-up window a code has to prove the person again first.
    await expectEventually(
      async () => {
        const response = await client.post<Refusal>('/api/console/mfa/recovery-codes');
        expect(response.body.code).toBe('reauthentication-required');
      },
      { timeoutMs: 30_000 },
    );
  });
});
