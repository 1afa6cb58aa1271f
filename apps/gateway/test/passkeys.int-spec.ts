import {
  IdentityMessages,
  type MfaPolicyView,
  type MfaStatus,
  type PasskeyChallenge,
  type PasskeyCreationOptions,
  type PasskeyRequestOptions,
  type PasskeyView,
  type SessionView,
  SYSTEM_ACTOR,
} from '@coffer/contracts';
import { ServiceClients } from '@coffer/service-kit';
import {
  expectEventually,
  HttpClient,
  IdentitySeeder,
  Mailbox,
  ServiceProcesses,
  SoftwareAuthenticator,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

interface Refusal {
  code: string;
  message: string;
}

interface AuditEntries {
  entries: {
    action: string;
    activityType: string;
    description: string;
    actor: { email?: string };
  }[];
}

const CODE_REFUSED = { code: 'invalid-otp', message: 'The code is not valid.' };

// Administrators' passkeys over HTTP, against the running services, with a software
// authenticator standing in for the browser: registration, a passkey as the second factor and
// as a passwordless way in, replayed, cloned and malformed assertions, lockout, step-up,
// removal, the audit trail, break-glass under SSO enforcement, and the MFA policy's page API.
describe('administrator passkeys', () => {
  const { env, config, mailApi } = testEnvironment('passkeys');
  const baseUrl = config.publicUrl;
  const origin = new URL(baseUrl).origin;
  const settings = { COFFER_STEP_UP_MINUTES: '0.15', COFFER_LOCKOUT_THRESHOLD: '4' };
  let services: ServiceProcesses;
  const seeder = new IdentitySeeder(config);
  const clients = new ServiceClients(config);
  const mailbox = new Mailbox(mailApi);
  const password = 'administrator passphrase 1';
  const domain = `passkeys-${Date.now().toString(36)}.test`;
  const system = { actor: SYSTEM_ACTOR, correlationId: 'passkeys-test' };
  const alice = `alice@${domain}`;
  const authenticator = new SoftwareAuthenticator(origin);
  let orgId: string;
  let passkey: PasskeyView;
  let credentialId: string;
  let registrationChallenge: string;

  const login = (
    email: string,
    body: Record<string, unknown> = {},
    client = new HttpClient(baseUrl),
  ) =>
    client.post<Refusal & { mfa?: MfaStatus; breakGlass?: boolean }>('/api/console/login', {
      email,
      password,
      ...body,
    });
  const challenge = async (client = new HttpClient(baseUrl)) =>
    (await client.post<PasskeyChallenge<PasskeyRequestOptions>>('/api/console/passkeys/challenge'))
      .body;
  /** A fresh assertion of the software authenticator's passkey, as the browser would send it. */
  const assertion = async (options: Parameters<SoftwareAuthenticator['get']>[1] = {}) => {
    const { challengeId, options: request } = await challenge();
    return { challengeId, credential: authenticator.get(request, options) };
  };
  const passwordless = (body: unknown, client = new HttpClient(baseUrl)) =>
    client.post<Refusal & { breakGlass?: boolean; administrator?: { email: string } }>(
      '/api/console/login/passkey',
      body,
    );

  async function register(client: HttpClient, name: string, with_ = authenticator) {
    const options = await client.post<PasskeyChallenge<PasskeyCreationOptions>>(
      '/api/console/mfa/passkeys/registration-options',
    );
    expect(options.status).toBe(200);
    const credential = with_.create(options.body.options);
    const registered = await client.post<PasskeyView & Refusal>('/api/console/mfa/passkeys', {
      challengeId: options.body.challengeId,
      credential,
      name,
    });
    return { registered, options: options.body, credential };
  }

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env: { ...env, ...settings } });
    await waitForHealthyGateway(baseUrl);
    const seeded = await seeder.organization('passkeys-org', {
      email: alice,
      password,
      name: 'Alice',
    });
    orgId = seeded.organization.id;
    for (const [email, role] of [
      [`carol@${domain}`, 'cloud-administrator'],
      [`pat@${domain}`, 'product-administrator'],
    ] as const)
      await clients.send(IdentityMessages.administrators.create, {
        context: system,
        orgId,
        email,
        name: email,
        role,
        password,
      });
  });

  afterAll(async () => {
    await seeder.close();
    await clients.close();
    await services?.stopAll();
  });

  it('registers a discoverable passkey for the signed-in administrator, and lists it', async () => {
    const client = new HttpClient(baseUrl);
    expect((await login(alice, {}, client)).status).toBe(200);
    const { registered, options, credential } = await register(client, 'Work laptop');
    expect(registered.status).toBe(201);
    passkey = registered.body;
    credentialId = credential.id;
    registrationChallenge = options.options.challenge;
    expect(passkey).toMatchObject({ name: 'Work laptop', lastUsedAt: null });
    expect(passkey.id).toMatch(/^[0-9a-f]{16}$/);
    // The RP is the public URL's host; the passkey is discoverable; no attestation is asked.
    expect(options.options.rp.id).toBe(new URL(baseUrl).hostname);
    expect(options.options.authenticatorSelection).toMatchObject({ residentKey: 'required' });
    expect(options.options.attestation).toBe('none');

    const listed = await client.get<{ passkeys: PasskeyView[] }>('/api/console/mfa/passkeys');
    expect(listed.body.passkeys).toEqual([passkey]);
    expect(JSON.stringify(listed.body)).not.toContain(credentialId);
    const status = await client.get<MfaStatus>('/api/console/mfa');
    expect(status.body).toMatchObject({ enrolled: true, totp: false, passkeys: 1, enrolBy: null });
  });

  it('refuses a registration answering a used challenge, another origin, or an absurd name', async () => {
    const client = new HttpClient(baseUrl);
    await login(alice, { passkey: await assertion() }, client);
    const options = await client.post<PasskeyChallenge<PasskeyCreationOptions>>(
      '/api/console/mfa/passkeys/registration-options',
    );
    // The passkey already registered is excluded, so an authenticator does not make it twice.
    expect(options.body.options.excludeCredentials?.map(({ id }) => id)).toEqual([credentialId]);
    const stranger = new SoftwareAuthenticator('https://evil.example');
    const elsewhere = await client.post<Refusal>('/api/console/mfa/passkeys', {
      challengeId: options.body.challengeId,
      credential: stranger.create(options.body.options),
      name: 'Phished',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.code).toBe('passkey-registration-failed');
    // That answer used the challenge up: a right answer to it now is refused too.
    const reused = await client.post<Refusal>('/api/console/mfa/passkeys', {
      challengeId: options.body.challengeId,
      credential: new SoftwareAuthenticator(origin).create(options.body.options),
      name: 'Second try',
    });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('passkey-registration-failed');
    const named = await client.post<Refusal>('/api/console/mfa/passkeys', {
      challengeId: 'x',
      credential: { id: 'a', rawId: 'a', type: 'public-key', response: {} },
      name: 'n'.repeat(81),
    });
    expect(named.status).toBe(400);
    expect(named.body.code).toBe('invalid-request');
  });

  it('asks for the second factor after the password, and takes the passkey instead of a code', async () => {
    const bare = await login(alice);
    expect(bare.status).toBe(401);
    expect(bare.body.code).toBe('mfa-required');
    const client = new HttpClient(baseUrl);
    const signedIn = await login(alice, { passkey: await assertion() }, client);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mfa).toMatchObject({ enrolled: true, passkeys: 1 });
    const sessions = await client.get<{ sessions: SessionView[] }>('/api/console/sessions');
    expect(sessions.body.sessions.find((session) => session.current)?.method).toBe('password');
  });

  it('answers replayed, cloned, foreign and malformed assertions like a wrong code', async () => {
    const first = await assertion();
    expect((await login(alice, { passkey: first })).status).toBe(200);
    const refusals: (() => Promise<unknown>)[] = [
      // The same assertion again: its challenge was used.
      async () => first,
      // A fresh challenge, signed with the counter of the last use: a cloned authenticator.
      () => assertion({ counterStep: 0 }),
      // Signed for another origin (a phishing site relaying our challenge).
      () => assertion({ origin: 'https://evil.example' }),
      async () => {
        const garbled = await assertion();
        garbled.credential.response.signature =
          Buffer.from('not a signature').toString('base64url');
        return garbled;
      },
      async () => ({ ...(await assertion()), challengeId: 'no-such-challenge' }),
    ];
    for (const refusal of refusals) {
      const refused = await login(alice, { passkey: await refusal() });
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual(CODE_REFUSED);
      // A right sign-in resets the failure count, so the lockout (4 here) stays out of the way.
      expect((await login(alice, { passkey: await assertion() })).status).toBe(200);
    }
    // Not WebAuthn at all: refused by the schema, before identity.
    const malformed = await login(alice, { passkey: { challengeId: 'x', credential: 'nope' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('invalid-request');
  });

  it('signs in without a password with the discoverable passkey, as method passkey', async () => {
    const client = new HttpClient(baseUrl);
    const signedIn = await passwordless(await assertion(), client);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.administrator?.email).toBe(alice);
    expect(signedIn.headers.getSetCookie().join('\n')).toMatch(/coffer_console_session=/);
    const sessions = await client.get<{ sessions: SessionView[] }>('/api/console/sessions');
    expect(sessions.body.sessions.find((session) => session.current)?.method).toBe('passkey');
    const listed = await client.get<{ passkeys: PasskeyView[] }>('/api/console/mfa/passkeys');
    expect(listed.body.passkeys[0].lastUsedAt).not.toBeNull();

    // Passwordless needs user verification (the PIN or biometric stands in for the password).
    const presenceOnly = await passwordless(await assertion({ userVerified: false }));
    // A passkey this deployment never registered.
    const strangerKey = new SoftwareAuthenticator(origin);
    strangerKey.create({
      challenge: 'x',
      rp: { id: new URL(baseUrl).hostname, name: 'Coffer' },
      user: { id: 'c29tZW9uZQ', name: 'someone', displayName: 'someone' },
      pubKeyCredParams: [{ alg: -7, type: 'public-key' }],
    });
    const { challengeId, options } = await challenge();
    const unknown = await passwordless({ challengeId, credential: strangerKey.get(options) });
    for (const refused of [presenceOnly, unknown]) {
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual(CODE_REFUSED);
    }
  });

  it('renews step-up with a passkey, and asks for it before a passkey is added', async () => {
    const client = new HttpClient(baseUrl);
    expect((await passwordless(await assertion(), client)).status).toBe(200);
    const refused = await expectEventually(
      async () => {
        const response = await client.post<Refusal>(
          '/api/console/mfa/passkeys/registration-options',
        );
        expect(response.status).toBe(401);
        return response;
      },
      { timeoutMs: 30_000 },
    );
    expect(refused.body.code).toBe('reauthentication-required');
    const wrong = await client.post<Refusal>('/api/console/mfa/reauthenticate', {
      passkey: await assertion({ counterStep: 0 }),
    });
    expect(wrong.body).toEqual(CODE_REFUSED);
    const renewed = await client.post('/api/console/mfa/reauthenticate', {
      passkey: await assertion(),
    });
    expect(renewed.status).toBe(200);
    const second = new SoftwareAuthenticator(origin);
    const { registered } = await register(client, 'Security key', second);
    expect(registered.status).toBe(201);
    const listed = await client.get<{ passkeys: PasskeyView[] }>('/api/console/mfa/passkeys');
    expect(listed.body.passkeys.map(({ name }) => name)).toEqual(['Work laptop', 'Security key']);
    expect(
      (await client.request('DELETE', `/api/console/mfa/passkeys/${registered.body.id}`)).status,
    ).toBe(200);
  });

  it('counts refused passwordless assertions towards the lockout of the account', async () => {
    // Carol registers a passkey; then assertions that are refused lock her account.
    const carol = new HttpClient(baseUrl);
    await login(`carol@${domain}`, {}, carol);
    const carolsKey = new SoftwareAuthenticator(origin);
    expect((await register(carol, 'Phone', carolsKey)).registered.status).toBe(201);
    const answers: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const { challengeId, options } = await challenge();
      const credential = carolsKey.get(options, { userVerified: false });
      answers.push((await passwordless({ challengeId, credential })).body.code);
    }
    expect(answers.slice(0, 4)).toEqual(Array(4).fill('invalid-otp'));
    expect(answers[4]).toBe('locked-out');
    const { challengeId, options } = await challenge();
    const right = await passwordless({ challengeId, credential: carolsKey.get(options) });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('locked-out');
  });

  it('records registration, removal and passkey sign-ins in the audit trail, without secrets', async () => {
    const client = new HttpClient(baseUrl);
    expect((await passwordless(await assertion(), client)).status).toBe(200);
    const removed = await client.request<Refusal>(
      'DELETE',
      `/api/console/mfa/passkeys/${passkey.id}`,
    );
    expect(removed.status).toBe(200);
    const again = await client.request<Refusal>(
      'DELETE',
      `/api/console/mfa/passkeys/${passkey.id}`,
    );
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('passkey-not-found');
    expect(
      (await client.get<{ passkeys: PasskeyView[] }>('/api/console/mfa/passkeys')).body,
    ).toEqual({
      passkeys: [],
    });
    // The removed passkey proves nothing any more; the password alone signs in again.
    expect((await passwordless(await assertion())).body).toEqual(CODE_REFUSED);
    expect((await login(alice)).status).toBe(200);

    const trail = await expectEventually(async () => {
      const response = await client.get<AuditEntries>(
        '/api/console/audit-trail?trail=admin&activityType=administrator-management',
      );
      // Another passkey was added and removed before: wait for this one's removal itself.
      const ofWorkLaptop = response.body.entries.filter((entry) =>
        entry.description.includes('Work laptop'),
      );
      expect(ofWorkLaptop.map((entry) => entry.action)).toEqual(
        expect.arrayContaining(['passkey-registered', 'passkey-removed']),
      );
      return response.body.entries;
    });
    const ofAlice = trail.filter((entry) => entry.description.includes('Work laptop'));
    expect(ofAlice.find((entry) => entry.action === 'passkey-registered')?.description).toBe(
      `${alice} has registered the passkey Work laptop`,
    );
    expect(ofAlice.find((entry) => entry.action === 'passkey-removed')).toMatchObject({
      description: `${alice} has removed the passkey Work laptop of ${alice}`,
      actor: { email: alice },
    });
    const signIns = await expectEventually(async () => {
      const response = await client.get<AuditEntries>(
        `/api/console/audit-trail?activityType=sign-in&q=${encodeURIComponent('with a passkey')}`,
      );
      expect(response.body.entries.length).toBeGreaterThan(0);
      return response.body;
    });
    expect(signIns.entries[0].description).toBe(
      `${alice} has signed in to the management console with a passkey`,
    );
    const everything = JSON.stringify(
      (await client.get<AuditEntries>('/api/console/audit-trail?limit=200')).body,
    );
    expect(everything).not.toContain(credentialId);
    expect(everything).not.toContain(registrationChallenge);
  });

  it('alerts on a passkey sign-in while SSO is enforced, and refuses a product administrator', async () => {
    const pat = new HttpClient(baseUrl);
    await login(`pat@${domain}`, {}, pat);
    const patsKey = new SoftwareAuthenticator(origin);
    expect((await register(pat, 'Pat’s key', patsKey)).registered.status).toBe(201);
    // Alice's passkey was removed above: she adds one again (Carol is locked by an earlier test).
    const alicesKey = new SoftwareAuthenticator(origin);
    const aliceClient = new HttpClient(baseUrl);
    await login(alice, {}, aliceClient);
    expect((await register(aliceClient, 'Laptop again', alicesKey)).registered.status).toBe(201);

    await clients.send(IdentityMessages.sso.configure, {
      context: system,
      orgId,
      idpEntityId: 'https://idp.passkeys.test',
      idpSsoUrl: 'https://idp.passkeys.test/sso',
      idpCertificates: ['MIIBfake'],
      emailAttribute: null,
      nameAttribute: null,
      justInTimeProvisioning: false,
      enforcement: 'users-and-administrators',
    });
    const asPat = await challenge();
    const refused = await passwordless({
      challengeId: asPat.challengeId,
      credential: patsKey.get(asPat.options),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('sso-required');

    const before = (await mailbox.messagesTo(`carol@${domain}`)).length;
    const asAlice = await challenge();
    const signedIn = await passwordless({
      challengeId: asAlice.challengeId,
      credential: alicesKey.get(asAlice.options),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.breakGlass).toBe(true);
    const mail = await expectEventually(async () => {
      const messages = await mailbox.messagesTo(`carol@${domain}`);
      expect(messages.length).toBeGreaterThan(before);
      return messages[messages.length - 1];
    });
    expect(mail.subject).toBe(`Coffer: ${alice} signed in with a passkey`);
    expect(mail.text).not.toContain(credentialId);
  });

  it('reads and sets the MFA policy with a grace period, for cloud administrators only', async () => {
    const seeded = await seeder.organization('passkeys-policy', {
      email: `olga@${domain}`,
      password,
    });
    await clients.send(IdentityMessages.administrators.create, {
      context: system,
      orgId: seeded.organization.id,
      email: `quinn@${domain}`,
      name: 'Quinn',
      role: 'product-administrator',
      password,
    });
    const quinn = new HttpClient(baseUrl);
    expect((await login(`quinn@${domain}`, {}, quinn)).status).toBe(200);
    expect((await quinn.get<Refusal>('/api/console/mfa/policy')).status).toBe(403);
    const refusedChange = await quinn.request<Refusal>('PUT', '/api/console/mfa/policy', {
      json: { requiredForAdministrators: false },
    });
    expect(refusedChange.status).toBe(403);
    const olga = new HttpClient(baseUrl);
    await login(`olga@${domain}`, {}, olga);
    const current = await olga.get<MfaPolicyView>('/api/console/mfa/policy');
    expect(current.status).toBe(200);
    expect(current.body.requiredForAdministrators).toBe(true);
    const changed = await olga.request<MfaPolicyView>('PUT', '/api/console/mfa/policy', {
      json: { requiredForAdministrators: true, graceDays: 3 },
    });
    expect(changed.status).toBe(200);
    const graceMs = new Date(changed.body.graceUntil!).getTime() - Date.now();
    expect(graceMs).toBeGreaterThan(3 * 86_400_000 - 60_000);
    expect(graceMs).toBeLessThan(3 * 86_400_000 + 60_000);
    expect((await olga.get<MfaPolicyView>('/api/console/mfa/policy')).body).toEqual(changed.body);
    const off = await olga.request<MfaPolicyView>('PUT', '/api/console/mfa/policy', {
      json: { requiredForAdministrators: false },
    });
    expect(off.body).toEqual({
      requiredForAdministrators: false,
      graceUntil: null,
      requiredForUsers: false,
      usersGraceUntil: null,
    });
    const absurd = await olga.request<Refusal>('PUT', '/api/console/mfa/policy', {
      json: { requiredForAdministrators: true, graceDays: 1000 },
    });
    expect(absurd.status).toBe(400);
  });
});
