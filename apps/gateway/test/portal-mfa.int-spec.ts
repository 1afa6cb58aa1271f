import {
  IdentityMessages,
  type MfaPolicyView,
  type MfaStatus,
  SYSTEM_ACTOR,
  type TotpEnrolment,
  type TotpEnrolmentConfirmed,
  type UserView,
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
  enrolmentRequired?: boolean;
  enrolBy?: string | null;
}

type PortalAnswer = Refusal & { user?: UserView; mfa?: MfaStatus; breakGlass?: boolean };

interface TrailEntries {
  entries: { action: string; activityType: string; description: string; details?: object }[];
}

// End users' second factor over HTTP, against the running services: the organisation's rule for
// end users and its grace period, TOTP enrolment in the portal (codes computed from the
// otpauth URI), sign-in with `otp`, new recovery codes behind step-up, and a cloud
// administrator's reset (break-glass: emailed, audited, sessions ended).
describe('end-user multi-factor authentication', () => {
  const { env, config, mailApi } = testEnvironment('portal-mfa');
  const baseUrl = config.publicUrl;
  // A short step-up window, so its expiry is seen without waiting ten minutes.
  const settings = { COFFER_STEP_UP_MINUTES: '0.15' };
  let services: ServiceProcesses;
  const seeder = new IdentitySeeder(config);
  const clients = new ServiceClients(config);
  const mailbox = new Mailbox(mailApi);
  const password = 'end user passphrase 1';
  const domain = `pmfa-${Date.now().toString(36)}.test`;
  const system = { actor: SYSTEM_ACTOR, correlationId: 'portal-mfa-test' };
  let orgId: string;
  let bob: UserView;
  let enrolment: TotpEnrolment;
  let recoveryCodes: string[];
  const admin = new HttpClient(baseUrl);

  const portalLogin = (
    email: string,
    body: Record<string, unknown> = {},
    client = new HttpClient(baseUrl),
  ) => client.post<PortalAnswer>('/api/portal/login', { email, password, ...body });
  const setPolicy = (policy: Record<string, unknown>) =>
    clients.send(IdentityMessages.mfa.setPolicy, { context: system, orgId, ...policy });

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env: { ...env, ...settings } });
    await waitForHealthyGateway(baseUrl);
    const seeded = await seeder.organization('portal-mfa-org', {
      email: `carol@${domain}`,
      password,
      name: 'Carol',
    });
    orgId = seeded.organization.id;
    // The administrators' rule stays out of the way of this file's subject.
    await setPolicy({ requiredForAdministrators: false });
    await clients.send(IdentityMessages.administrators.create, {
      context: system,
      orgId,
      email: `dave@${domain}`,
      name: 'Dave',
      role: 'cloud-administrator',
      password,
    });
    bob = await seeder.user(orgId, { email: `bob@${domain}`, name: 'Bob', password });
    await seeder.user(orgId, { email: `erin@${domain}`, name: 'Erin', password });
    expect(
      (await admin.post('/api/console/login', { email: `carol@${domain}`, password })).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await seeder.close();
    await clients.close();
    await services?.stopAll();
  });

  it('asks nothing of end users until the organisation requires it', async () => {
    const policy = await admin.get<MfaPolicyView>('/api/console/mfa/policy');
    expect(policy.body).toMatchObject({ requiredForUsers: false, usersGraceUntil: null });
    const signedIn = await portalLogin(`bob@${domain}`);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mfa).toMatchObject({ required: false, enrolmentOverdue: false });
  });

  it('turns the end-user rule on with its own grace period, leaving the administrators’ rule', async () => {
    const changed = await admin.request<MfaPolicyView>('PUT', '/api/console/mfa/policy', {
      json: { requiredForUsers: true, usersGraceDays: 3 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.requiredForAdministrators).toBe(false);
    expect(changed.body.requiredForUsers).toBe(true);
    const graceUntil = new Date(changed.body.usersGraceUntil!).getTime();
    expect(graceUntil).toBeGreaterThan(Date.now() + 2.9 * 86_400_000);
    expect(graceUntil).toBeLessThan(Date.now() + 3.1 * 86_400_000);
    // Administrators are not asked by the end users' rule.
    const carol = await admin.get<{ mfa?: MfaStatus }>('/api/console/me');
    expect(carol.body.mfa).toMatchObject({ required: false });
  });

  it('during the grace period, signs the user in and tells them by when to enrol', async () => {
    const client = new HttpClient(baseUrl);
    const signedIn = await expectEventually(async () => {
      const answer = await portalLogin(`bob@${domain}`, {}, client);
      expect(answer.body.mfa?.required).toBe(true);
      return answer;
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mfa).toMatchObject({ enrolled: false, enrolmentOverdue: false });
    expect(signedIn.body.mfa?.enrolBy).toEqual(expect.any(String));
    const me = await client.get<PortalAnswer>('/api/portal/me');
    expect(me.status).toBe(200);
    expect(me.body.mfa?.enrolBy).toBe(signedIn.body.mfa?.enrolBy);
  });

  it('enrols in the portal with a code computed from the otpauth URI, with ten recovery codes once', async () => {
    const client = new HttpClient(baseUrl);
    await portalLogin(`bob@${domain}`, {}, client);
    const started = await client.post<TotpEnrolment>('/api/portal/mfa/totp');
    expect(started.status).toBe(201);
    enrolment = started.body;
    expect(enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Coffer:bob%40/);
    expect(enrolment.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);

    // A pending enrolment neither protects nor blocks.
    expect((await portalLogin(`bob@${domain}`)).status).toBe(200);
    const wrong = await client.post<Refusal>('/api/portal/mfa/totp/confirm', { otp: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid-otp');

    const confirmed = await client.post<TotpEnrolmentConfirmed>('/api/portal/mfa/totp/confirm', {
      otp: totpCode(enrolment.otpauthUri),
    });
    expect(confirmed.status).toBe(200);
    recoveryCodes = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    const status = await client.get<MfaStatus>('/api/portal/mfa');
    expect(status.body).toMatchObject({ enrolled: true, totp: true, recoveryCodesLeft: 10 });
    expect((await client.post<Refusal>('/api/portal/mfa/totp')).body.code).toBe(
      'mfa-already-enrolled',
    );
  });

  it('puts the enrolment in the user audit trail, without a secret', async () => {
    const entries = await expectEventually(async () => {
      const trail = await admin.get<TrailEntries>('/api/console/audit-trail?trail=user');
      expect(trail.body.entries.map((entry) => entry.action)).toContain('mfa-enrolled');
      return trail.body.entries;
    });
    const entry = entries.find((candidate) => candidate.action === 'mfa-enrolled')!;
    expect(entry.description).toBe(`bob@${domain} has set up an authenticator app`);
    const secret = new URL(enrolment.otpauthUri).searchParams.get('secret')!;
    expect(JSON.stringify(entries)).not.toContain(secret);
    for (const code of recoveryCodes) expect(JSON.stringify(entries)).not.toContain(code);
  });

  it('asks for the code at portal sign-in and accepts it as `otp`, once', async () => {
    const without = await portalLogin(`bob@${domain}`);
    expect(without.status).toBe(401);
    expect(without.body.code).toBe('mfa-required');
    expect(without.body.enrolmentRequired).toBeUndefined();
    expect(without.headers.getSetCookie().join('\n')).not.toMatch(/coffer_portal_session=/);

    const next = totpCode(enrolment.otpauthUri, new Date(), 1);
    const client = new HttpClient(baseUrl);
    const signedIn = await portalLogin(`bob@${domain}`, { otp: next }, client);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mfa).toMatchObject({ enrolled: true, required: true });
    expect((await client.get('/api/portal/me')).status).toBe(200);
    const replay = await portalLogin(`bob@${domain}`, { otp: next });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('invalid-otp');
  });

  it('replaces the recovery codes behind step-up: the old ones stop working', async () => {
    const client = new HttpClient(baseUrl);
    const signedIn = await portalLogin(`bob@${domain}`, { otp: recoveryCodes[0] }, client);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.breakGlass).toBe(true);
    expect(signedIn.body.mfa?.recoveryCodesLeft).toBe(9);

    const fresh = await client.post<{ recoveryCodes: string[] }>('/api/portal/mfa/recovery-codes');
    expect(fresh.status).toBe(200);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    expect(fresh.body.recoveryCodes).not.toContain(recoveryCodes[1]);
    expect((await client.get<MfaStatus>('/api/portal/mfa')).body.recoveryCodesLeft).toBe(10);

    const old = await portalLogin(`bob@${domain}`, { otp: recoveryCodes[1] });
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('invalid-otp');
    const renewed = await portalLogin(`bob@${domain}`, { otp: fresh.body.recoveryCodes[0] });
    expect(renewed.status).toBe(200);

    // Past the step-up window the same request is refused until a code proves the person again
    // (each answer before that is a new set: the latest one is the valid one).
    let latest = fresh.body.recoveryCodes;
    const refused = await expectEventually(
      async () => {
        const response = await client.post<Refusal & { recoveryCodes?: string[] }>(
          '/api/portal/mfa/recovery-codes',
        );
        if (response.body.recoveryCodes) latest = response.body.recoveryCodes;
        expect(response.status).toBe(401);
        return response;
      },
      { timeoutMs: 30_000 },
    );
    expect(refused.body.code).toBe('reauthentication-required');
    const stepUp = await client.post('/api/portal/mfa/reauthenticate', { otp: latest[1] });
    expect(stepUp.body).toEqual({ reauthenticated: true });
    const again = await client.post<{ recoveryCodes: string[] }>('/api/portal/mfa/recovery-codes');
    expect(again.status).toBe(200);
    recoveryCodes = again.body.recoveryCodes;

    const trail = await expectEventually(async () => {
      const response = await admin.get<TrailEntries>('/api/console/audit-trail?trail=user');
      const regenerated = response.body.entries.filter(
        (entry) => entry.action === 'recovery-codes-regenerated',
      );
      expect(regenerated.length).toBeGreaterThanOrEqual(2);
      return response.body.entries;
    });
    expect(JSON.stringify(trail)).not.toContain(recoveryCodes[0]);
  });

  it("lets a cloud administrator reset a user's MFA: sessions end, administrators are told", async () => {
    const bobSession = new HttpClient(baseUrl);
    expect((await portalLogin(`bob@${domain}`, { otp: recoveryCodes[0] }, bobSession)).status).toBe(
      200,
    );
    const before = (await mailbox.messagesTo(`dave@${domain}`)).length;
    // Resetting another account's MFA needs step-up: carol has no factor, so her password.
    expect((await admin.post('/api/console/mfa/reauthenticate', { password })).status).toBe(200);
    const reset = await admin.post(`/api/console/users/${bob.id}/mfa-reset`);
    expect(reset.status).toBe(200);
    expect((await bobSession.get('/api/portal/me')).status).toBe(401);

    // The password alone signs in again, and the policy asks to enrol again.
    const again = await portalLogin(`bob@${domain}`);
    expect(again.status).toBe(200);
    expect(again.body.mfa).toMatchObject({ enrolled: false, required: true });

    const mail = await expectEventually(async () => {
      const messages = await mailbox.messagesTo(`dave@${domain}`);
      expect(messages.length).toBeGreaterThan(before);
      return messages[messages.length - 1];
    });
    expect(mail.subject).toBe(`Coffer: multi-factor authentication of bob@${domain} was reset`);
    const trail = await expectEventually(async () => {
      const response = await admin.get<TrailEntries>(
        '/api/console/audit-trail?trail=admin&activityType=break-glass',
      );
      expect(response.body.entries.map((entry) => entry.action)).toContain('mfa-reset');
      return response.body.entries;
    });
    expect(trail.find((entry) => entry.action === 'mfa-reset')?.description).toBe(
      `carol@${domain} has reset the multi-factor authentication of bob@${domain}`,
    );
  });

  it("refuses a reset of another organisation's user and a reset by an end user", async () => {
    const other = await seeder.organization('portal-mfa-other', {
      email: `olga@${domain}`,
      password,
    });
    const stranger = await seeder.user(other.organization.id, {
      email: `sam@${domain}`,
      name: 'Sam',
      password,
    });
    await admin.post('/api/console/mfa/reauthenticate', { password });
    const foreign = await admin.post<Refusal>(`/api/console/users/${stranger.id}/mfa-reset`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('user-not-found');
    const user = new HttpClient(baseUrl);
    await portalLogin(`erin@${domain}`, {}, user);
    expect((await user.post(`/api/console/users/${bob.id}/mfa-reset`)).status).toBe(401);
  });

  it('after the grace period, answers 401 mfa-required and opens only enrolment', async () => {
    await setPolicy({
      requiredForUsers: true,
      usersGraceUntil: new Date(Date.now() - 60_000).toISOString(),
    });
    const client = new HttpClient(baseUrl);
    const refused = await expectEventually(async () => {
      const answer = await portalLogin(`erin@${domain}`, {}, client);
      expect(answer.status).toBe(401);
      return answer;
    });
    expect(refused.body).toMatchObject({ code: 'mfa-required', enrolmentRequired: true });
    expect(refused.body.message).toMatch(/set up an authenticator app/);
    // The session it set reaches only who-am-I, sign-out and enrolment.
    expect((await client.get<PortalAnswer>('/api/portal/me')).body.mfa).toMatchObject({
      enrolmentOverdue: true,
    });
    const started = await client.post<TotpEnrolment>('/api/portal/mfa/totp');
    expect(started.status).toBe(201);
    const recovery = await client.post<Refusal>('/api/portal/mfa/recovery-codes');
    expect(recovery.status).toBe(403);
    expect(recovery.body.code).toBe('mfa-enrolment-required');
    const confirmed = await client.post('/api/portal/mfa/totp/confirm', {
      otp: totpCode(started.body.otpauthUri),
    });
    expect(confirmed.status).toBe(200);
    expect((await client.get<MfaStatus>('/api/portal/mfa')).body.enrolmentOverdue).toBe(false);
    const signedIn = await portalLogin(`erin@${domain}`, {
      otp: totpCode(started.body.otpauthUri, new Date(), 1),
    });
    expect(signedIn.status).toBe(200);
  });

  it('refuses HTTP Basic for end users: the portal takes sessions only', async () => {
    const basic = `Basic ${Buffer.from(`erin@${domain}:${password}`).toString('base64')}`;
    const portal = await new HttpClient(baseUrl).get<Refusal>('/api/portal/me', {
      headers: { authorization: basic },
    });
    expect(portal.status).toBe(401);
    const console = await new HttpClient(baseUrl).get<Refusal>('/api/console/users', {
      headers: { authorization: basic },
    });
    expect(console.status).toBe(401);
    expect(console.body.code).toBe('invalid-credentials');
  });
});
