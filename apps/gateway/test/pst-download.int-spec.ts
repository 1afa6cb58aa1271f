import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  type AuditTrailPage,
  IdentityMessages,
  type PstDownloadStarted,
  type PstDownloadSummary,
  type PstExportView,
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
  importMailboxWithOps,
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

/**
 * The download page's API through the gateway, against the running services: what someone who
 * only holds the link is told, the password path with a second factor (issue #21: the same
 * `mfa-required` and lockout as console sign-in), secrets in the wrong field, organisation
 * scoping, and the IP and user agent on the downloaded entry of the audit trail.
 */
describe('PST download page API', () => {
  const { env, config, mailApi } = testEnvironment('pst-download');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const clients = new ServiceClients(config);
  const mailbox = new Mailbox(mailApi);
  const password = 'administrator passphrase 5';
  const invalid = {
    code: 'invalid-credentials',
    message: 'Invalid email-id\\username or password',
  };
  // The catcher and the audit trail keep earlier runs: addresses of this run only.
  const run = Date.now().toString(36);
  const ada = `ada@umbrella-${run}.test`;
  const carol = `carol@umbrella-${run}.test`;
  const gus = `gus@globex-${run}.test`;
  const dave = `dave@umbrella-${run}.test`;
  const adaConsole = new HttpClient(baseUrl);
  const carolConsole = new HttpClient(baseUrl);
  let services: ServiceProcesses;
  let dir: string;
  let orgId: string;
  let exportId: string;
  let adaUri: string;
  let adaRecoveryCodes: string[];
  let carolUri: string;

  const summaryOf = (client = new HttpClient(baseUrl), id = exportId) =>
    client.get<PstDownloadSummary>(`/download/pst/${id}/summary`);
  const download = (body: Record<string, string>, client = new HttpClient(baseUrl)) =>
    client.post<PstDownloadStarted & Refusal>(`/download/pst/${exportId}`, body);

  /** Enrols TOTP from a console session; the otpauth URI and the recovery codes. */
  async function enrol(client: HttpClient) {
    const started = await client.post<TotpEnrolment>('/api/console/mfa/totp');
    const confirmed = await client.post<TotpEnrolmentConfirmed>('/api/console/mfa/totp/confirm', {
      otp: totpCode(started.body.otpauthUri),
    });
    expect(confirmed.status).toBe(200);
    return { uri: started.body.otpauthUri, recoveryCodes: confirmed.body.recoveryCodes };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-download-'));
    services = await ServiceProcesses.launch({ env: { ...env, COFFER_LOCKOUT_THRESHOLD: '4' } });
    await waitForHealthyGateway(baseUrl);
    orgId = (await seeder.organization(`umbrella-${run}`, { email: ada, password })).organization
      .id;
    await seeder.organization(`globex-${run}`, { email: gus, password });
    await adaConsole.post('/api/console/login', { email: ada, password });
    for (const email of [carol, dave])
      await adaConsole.post('/api/console/administrators', {
        email,
        name: email,
        role: 'cloud-administrator',
        password,
      });
    const bob = await adaConsole.post<UserView>('/api/console/users', {
      email: `bob@umbrella-${run}.test`,
      name: 'Bob',
    });
    const mbox = join(dir, 'bob.mbox');
    await writeFile(
      mbox,
      [1, 2, 3]
        .map(
          (i) =>
            `From a@b Mon Jan  1 00:00:00 2024\nSubject: Message ${i}\nDate: Mon, 1 Jan 2024 00:0${i}:00 +0000\n\nBody ${i}\n`,
        )
        .join('\n'),
    );
    await importMailboxWithOps(env, orgId, bob.body.email, mbox);
    exportId = (
      await adaConsole.post<PstExportView>('/api/console/pst-exports', {
        userId: bob.body.id,
        source: 'gmail',
      })
    ).body.id;
    await expectEventually(
      async () => {
        const { body } = await adaConsole.get<PstExportView>(
          `/api/console/pst-exports/${exportId}`,
        );
        if (!body.linkExpiresAt) throw new Error(`export is ${body.status}, no link yet`);
      },
      { timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await seeder.close();
    await clients.close();
    await services?.stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('tells someone who only holds the link what kind of file it is, never whose', async () => {
    const { status, body, headers } = await summaryOf();
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({
      exportId,
      available: true,
      source: 'gmail',
      partCount: 1,
      consoleSession: null,
      contents: null,
    });
    expect(body.bytes).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toMatch(/bob|ada@/);

    // Whose mailbox it is: only for a console session of the export's own organisation.
    const own = await summaryOf(adaConsole);
    expect(own.body.consoleSession).toEqual({ email: ada });
    expect(own.body.contents).toMatchObject({
      userEmail: `bob@umbrella-${run}.test`,
      requestedByEmail: ada,
      messages: 3,
    });
    const stranger = new HttpClient(baseUrl);
    await stranger.post('/api/console/login', { email: gus, password });
    expect((await summaryOf(stranger)).body).toMatchObject({
      consoleSession: null,
      contents: null,
    });

    expect((await summaryOf(undefined, randomUUID())).status).toBe(404);
    expect((await summaryOf(undefined, 'not-an-id')).status).toBe(404);
  });

  it('downloads with the password of an account without a second factor, naming what it is', async () => {
    const started = await download({ email: carol, password });
    expect(started.status).toBe(200);
    expect(started.body.contents).toMatchObject({ userEmail: `bob@umbrella-${run}.test` });
    expect(started.body.parts[0].url).toBe(`${baseUrl}/download/pst/${exportId}/file/1`);
  });

  it('refuses wrong and foreign credentials with the one sentence, and a wrong link too', async () => {
    expect(await download({ email: ada, password: 'not the password' })).toMatchObject({
      status: 401,
      body: invalid,
    });
    expect(await download({ email: gus, password })).toMatchObject({ status: 401, body: invalid });
    const unknown = await new HttpClient(baseUrl).post(`/download/pst/${randomUUID()}`, {
      email: ada,
      password,
    });
    expect(unknown).toMatchObject({ status: 401, body: invalid });
  });

  it('says when a secret is in the wrong field, from the typed text alone', async () => {
    // Nothing is looked up for these: the same answer for an account that does not exist.
    for (const email of [ada, `nobody-${run}@nowhere.test`]) {
      expect((await download({ email, token: 'my password' })).body.code).toBe(
        'api-token-malformed',
      );
      expect((await download({ email, password: 'cft_pasted-token' })).body.code).toBe(
        'password-looks-like-token',
      );
    }
  });

  it('asks an account with MFA for a code after a right password, and takes a TOTP code once', async () => {
    ({ uri: adaUri, recoveryCodes: adaRecoveryCodes } = await enrol(adaConsole));
    const asked = await download({ email: ada, password });
    expect(asked.status).toBe(401);
    expect(asked.body.code).toBe('mfa-required');
    expect(asked.headers.getSetCookie().join('\n')).not.toMatch(/coffer_download=/);
    // A wrong password is still the one sentence: mfa-required tells only who knows the password.
    expect(await download({ email: ada, password: 'not the password' })).toMatchObject({
      status: 401,
      body: invalid,
    });

    const browser = new HttpClient(baseUrl);
    const next = totpCode(adaUri, new Date(), 1);
    const started = await download({ email: ada, password, otp: next }, browser);
    expect(started.status).toBe(200);
    const part = await fetch(started.body.parts[0].url, {
      headers: {
        cookie: `coffer_download=${browser.cookie('coffer_download')}`,
        range: 'bytes=0-3',
      },
    });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('!BDN');

    for (const otp of [next, '000000', 'twelve']) {
      expect((await download({ email: ada, password, otp })).body).toEqual({
        code: 'invalid-otp',
        message: 'The code is not valid.',
      });
    }
  });

  it('takes a recovery code once instead of a TOTP code', async () => {
    const [first] = adaRecoveryCodes;
    expect((await download({ email: ada, password, otp: first })).status).toBe(200);
    expect((await download({ email: ada, password, otp: first })).body.code).toBe('invalid-otp');
    // A recovery code is break-glass wherever it is used: the other cloud administrators are told.
    const alert = await expectEventually(async () => {
      const found = (await mailbox.messagesTo(carol)).find((mail) =>
        mail.subject.includes('used a recovery code'),
      );
      if (!found) throw new Error('no recovery-code alert yet');
      return found;
    });
    expect(alert.subject).toBe(`Coffer: ${ada} used a recovery code`);
  });

  it('leaves API tokens and console sessions as they are for an account with MFA', async () => {
    const token = await adaConsole.post<{ secret: string }>('/api/console/api-tokens', {
      name: 'downloads',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect((await download({ email: ada, token: token.body.secret })).status).toBe(200);
    const bySession = await download(
      { session: 'console', csrf: adaConsole.cookie('csrf-token') ?? '' },
      adaConsole,
    );
    expect(bySession.status).toBe(200);
  });

  // Regression guard: the download page must not be a way around console sign-in's lockout.
  it('counts wrong codes on the download page and at console sign-in towards one lockout', async () => {
    await carolConsole.post('/api/console/login', { email: carol, password });
    ({ uri: carolUri } = await enrol(carolConsole));
    for (const _ of [1, 2])
      expect((await download({ email: carol, password, otp: '000000' })).body.code).toBe(
        'invalid-otp',
      );
    for (const _ of [1, 2])
      expect(
        (
          await new HttpClient(baseUrl).post<Refusal>('/api/console/login', {
            email: carol,
            password,
            otp: '000000',
          })
        ).body.code,
      ).toBe('invalid-otp');
    const locked = await download({
      email: carol,
      password,
      otp: totpCode(carolUri, new Date(), 1),
    });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('locked-out');
  });

  it('records the IP and user agent of the browser that signed in on the downloaded entry', async () => {
    const userAgent = `download-page-test/${run}`;
    const browser = new HttpClient(baseUrl);
    const started = await browser.post<PstDownloadStarted>(
      `/download/pst/${exportId}`,
      // TOTP steps near now are used up; a recovery code is a second factor too.
      { email: ada, password, otp: adaRecoveryCodes[1] },
      { headers: { 'user-agent': userAgent } },
    );
    expect(started.status).toBe(200);
    const whole = await fetch(started.body.parts[0].url, {
      headers: { cookie: `coffer_download=${browser.cookie('coffer_download')}` },
    });
    expect(whole.status).toBe(200);
    await whole.arrayBuffer();
    const entry = await expectEventually(async () => {
      const { body } = await adaConsole.get<AuditTrailPage>(
        '/api/console/audit-trail?trail=admin&activityType=restore-download-share',
      );
      const found = body.entries.find(
        (candidate) =>
          candidate.action === 'pst-export-downloaded' && candidate.actor.userAgent === userAgent,
      );
      if (!found) throw new Error('no downloaded entry with this user agent yet');
      return found;
    });
    expect(entry.actor).toMatchObject({ email: ada, userAgent, ip: expect.stringMatching(/\S/) });
  });

  // Regression guard: past the MFA grace period a console session without a factor reaches only
  // enrolment; the download page must not be the way around it.
  it('refuses an administrator without a factor once the grace period is over, by password or session', async () => {
    const policy = (requiredForAdministrators: boolean, graceUntil?: string) =>
      clients.send(IdentityMessages.mfa.setPolicy, {
        context: { actor: SYSTEM_ACTOR, correlationId: 'pst-download-mfa-policy' },
        orgId,
        requiredForAdministrators,
        ...(graceUntil ? { graceUntil } : {}),
      });
    await policy(false);
    await policy(true, new Date(Date.now() - 60_000).toISOString());
    try {
      await expectEventually(async () =>
        expect((await download({ email: dave, password })).body.code).toBe(
          'mfa-enrolment-required',
        ),
      );
      const daveConsole = new HttpClient(baseUrl);
      await daveConsole.post('/api/console/login', { email: dave, password });
      expect((await summaryOf(daveConsole)).body).toMatchObject({
        consoleSession: null,
        contents: null,
      });
      const bySession = await download(
        { session: 'console', csrf: daveConsole.cookie('csrf-token') ?? '' },
        daveConsole,
      );
      expect(bySession.status).toBe(403);
      expect(bySession.body.code).toBe('mfa-enrolment-required');
    } finally {
      await policy(false);
    }
  });

  // Fail-safe sign-ins on this page used to be told as console sign-ins: the audit trail (and the
  // sign-in history) now say they were made on the PST download page.
  it('says on its sign-in events that they were made on the download page', async () => {
    const enforce = (enforcement: 'off' | 'users-and-administrators') =>
      clients.send(IdentityMessages.sso.configure, {
        context: { actor: SYSTEM_ACTOR, correlationId: 'pst-download-sso' },
        orgId,
        idpEntityId: 'https://idp.umbrella.test',
        idpSsoUrl: 'https://idp.umbrella.test/sso',
        idpCertificates: ['MIIBfake'],
        emailAttribute: null,
        nameAttribute: null,
        justInTimeProvisioning: false,
        enforcement,
      });
    await enforce('users-and-administrators');
    try {
      expect((await download({ email: ada, password, otp: adaRecoveryCodes[2] })).status).toBe(200);
      expect((await download({ email: dave, password: 'not the password' })).status).toBe(401);
      await new HttpClient(baseUrl).post('/api/console/login', { email: dave, password: 'nope' });
      const entries = await expectEventually(async () => {
        const { body } = await adaConsole.get<AuditTrailPage>(
          '/api/console/audit-trail?trail=admin&limit=500',
        );
        const actions = body.entries.map((entry) => entry.action);
        expect(actions).toEqual(
          expect.arrayContaining(['fail-safe-sign-in', 'recovery-code-used']),
        );
        expect(
          body.entries.filter(
            (entry) => entry.action === 'sign-in-failed' && entry.actor.email === dave,
          ),
        ).toHaveLength(2);
        return body.entries;
      });
      const failSafe = entries.find((entry) => entry.action === 'fail-safe-sign-in')!;
      expect(failSafe).toMatchObject({
        activityType: 'break-glass',
        description: `${ada} has signed in to the PST download page with the fail-safe password while SSO is enforced`,
        details: { surface: 'console', via: 'pst-download' },
      });
      expect(
        entries.find((entry) => entry.action === 'recovery-code-used' && entry.details.via),
      ).toMatchObject({
        details: { via: 'pst-download' },
      });
      const daveFailures = entries
        .filter((entry) => entry.action === 'sign-in-failed' && entry.actor.email === dave)
        .map((entry) => [entry.description, entry.details.via ?? null]);
      expect(daveFailures).toEqual(
        expect.arrayContaining([
          [
            `Sign-in to the PST download page as ${dave} failed (wrong email or password)`,
            'pst-download',
          ],
          [`Sign-in to the management console as ${dave} failed (wrong email or password)`, null],
        ]),
      );
    } finally {
      await enforce('off');
    }
  });
});
