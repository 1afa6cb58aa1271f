import { generateKeyPairSync } from 'node:crypto';

import {
  type AccountSessions,
  type AdministratorView,
  IdentityMessages,
  type SsoTestView,
  SYSTEM_ACTOR,
  type UserView,
} from '@coffer/contracts';
import { ServiceClients } from '@coffer/service-kit';
import {
  authnRequestIdOf,
  expectEventually,
  forgeSamlResponse,
  HttpClient,
  type IdpAnswer,
  Mailbox,
  servicesUnderTest,
  SimpleSamlIdp,
} from '@coffer/testing';

import { SSO_REQUEST_COOKIE } from '../src/sso/browser-bound-request-cache';

/**
 * SAML single sign-on through SimpleSAMLphp, an identity provider we did not write, for users
 * (portal) and administrators (console); SSO enforcement and the fail-safe password; and every
 * way a forged or replayed response must be refused.
 */
describe('SAML single sign-on', () => {
  const { config, mailApi, baseUrl, seeder } = servicesUnderTest('sso');
  const mailbox = new Mailbox(mailApi);
  const password = 'administrator passphrase 9';
  const userPassword = 'user passphrase number 9';
  const ada = new HttpClient(baseUrl);
  let idp: SimpleSamlIdp;
  let orgId: string;
  let pat: AdministratorView;

  const idpUser = (name: string) => ({
    username: name,
    password: `${name}-at-the-idp`,
    attributes: { mail: [`${name}@aviato.test`], displayName: [name.toUpperCase()] },
  });
  const acsPath = () => `/sso/${orgId}/acs`;
  const entityId = () => `${baseUrl}/sso/${orgId}/metadata`;

  /**
   * Posts the IdP's answer to our ACS as the browser that started the sign-in would, with its
   * cookies; the redirect is kept, not followed.
   */
  const postAnswer = (
    answer: IdpAnswer | { SAMLResponse: string; RelayState?: string; cookie?: string },
    client = new HttpClient(baseUrl),
  ) =>
    client.postForm<{ code: string; message: string }>(
      acsPath(),
      {
        SAMLResponse: answer.SAMLResponse,
        ...(answer.RelayState ? { RelayState: answer.RelayState } : {}),
      },
      { headers: answer.cookie ? { cookie: answer.cookie } : {} },
    );

  const configureSso = (body: Record<string, unknown>, client = ada) =>
    client.request<Record<string, unknown>>('PUT', '/api/console/sso', { json: body });

  beforeAll(async () => {
    orgId = (await seeder.organization('aviato', { email: 'ada@aviato.test', password }))
      .organization.id;
    expect(
      (await ada.post('/api/console/login', { email: 'ada@aviato.test', password })).status,
    ).toBe(200);
    pat = (
      await ada.post<AdministratorView>('/api/console/administrators', {
        email: 'pat@aviato.test',
        name: 'Pat',
        role: 'product-administrator',
        password,
      })
    ).body;
    await ada.post<UserView>('/api/console/users', {
      email: 'bob@aviato.test',
      name: 'Bob',
      password: userPassword,
    });
    const eve = await ada.post<UserView>('/api/console/users', {
      email: 'eve@aviato.test',
      name: 'Eve',
      password: userPassword,
    });
    await ada.post(`/api/console/users/${eve.body.id}/disable`);
    idp = await SimpleSamlIdp.start(['ada', 'pat', 'bob', 'eve', 'dave'].map(idpUser));
    await idp.trustServiceProviders([{ entityId: entityId(), acsUrl: `${baseUrl}${acsPath()}` }]);
  });

  afterAll(async () => {
    await idp?.stop();
  });

  describe('Settings → SSO', () => {
    it('takes the IdP metadata from a cloud administrator and says what to give the IdP', async () => {
      const saved = await configureSso({
        metadataXml: await idp.metadataXml(),
        enforcement: 'off',
        nameAttribute: 'displayName',
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({
        configured: true,
        idpEntityId: idp.entityId,
        idpSsoUrl: `${idp.baseUrl}/saml2/idp/SSOService.php`,
        enforcement: 'off',
        serviceProvider: {
          entityId: entityId(),
          assertionConsumerServiceUrl: `${baseUrl}${acsPath()}`,
        },
      });
      const metadata = await new HttpClient(baseUrl).get(`/sso/${orgId}/metadata`);
      expect(metadata.status).toBe(200);
      expect(metadata.text).toContain(`entityID="${entityId()}"`);
      expect(metadata.text).toContain(`Location="${baseUrl}${acsPath()}"`);
    });

    it('refuses a product administrator, and metadata that is not an IdP, with clear errors', async () => {
      const patClient = new HttpClient(baseUrl);
      await patClient.post('/api/console/login', { email: 'pat@aviato.test', password });
      const refused = await configureSso(
        { metadataXml: await idp.metadataXml(), enforcement: 'off' },
        patClient,
      );
      expect(refused.status).toBe(403);
      const broken = await configureSso({ metadataXml: '<EntityDescriptor/>', enforcement: 'off' });
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({
        code: 'invalid-request',
        message: expect.stringContaining('no identity provider'),
      });
      const badCertificate = await configureSso({
        idpEntityId: 'https://idp.example',
        idpSsoUrl: 'https://idp.example/sso',
        idpCertificates: ['not a certificate'],
        enforcement: 'off',
      });
      expect(badCertificate.status).toBe(400);
    });
  });

  describe('Settings → SSO → Test sign-in', () => {
    const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();

    /** A test as the console starts it: created through the API, its start URL opened. */
    const startTest = async () => {
      const started = await ada.post<SsoTestView & { startUrl: string }>('/api/console/sso/tests');
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({
        status: 'pending',
        startedBy: { email: 'ada@aviato.test' },
      });
      expect(started.body.startUrl).toBe(`/sso/${orgId}/test/${started.body.id}`);
      return started.body;
    };
    const resultOf = async (testId: string) =>
      (await ada.get<SsoTestView>(`/api/console/sso/tests/${testId}`)).body;

    it('shows what the IdP asserted and the account it maps to, and signs nobody in', async () => {
      const test = await startTest();
      const answer = await idp.signIn(`${baseUrl}${test.startUrl}`, 'bob', 'bob-at-the-idp');
      const browser = new HttpClient(baseUrl);
      const landed = await postAnswer(answer, browser);
      expect(landed.status).toBe(303);
      expect(landed.headers.get('location')).toBe(`/console/settings/sso?test=${test.id}`);
      expect(landed.headers.getSetCookie().join(';')).not.toMatch(
        /coffer_(console|portal)_session=[^;]/,
      );
      expect((await browser.get('/api/console/me')).status).toBe(401);
      expect((await browser.get('/api/portal/me')).status).toBe(401);

      const result = await resultOf(test.id);
      expect(result).toMatchObject({
        status: 'succeeded',
        received: {
          nameId: 'bob@aviato.test',
          email: 'bob@aviato.test',
          attributes: { mail: ['bob@aviato.test'], displayName: ['BOB'] },
        },
        account: { kind: 'user', email: 'bob@aviato.test', status: 'active' },
      });
      // The same answer cannot be turned into a sign-in afterwards either.
      const replayed = await postAnswer(answer, new HttpClient(baseUrl));
      expect(replayed.status).toBe(409);
      expect(replayed.body).toMatchObject({ code: 'sso-test-already-finished' });
      await expectEventually(async () => {
        const trail = await ada.get<{
          entries: { action: string; description: string; details: Record<string, unknown> }[];
        }>('/api/console/audit-trail?activityType=sso-test');
        expect(trail.body.entries).toContainEqual(
          expect.objectContaining({
            action: 'sso-test-succeeded',
            description: expect.stringContaining('ada@aviato.test has tested single sign-on'),
            details: expect.objectContaining({ outcome: 'succeeded', nameId: 'bob@aviato.test' }),
          }),
        );
      });
    });

    it('names a person the IdP knows and we do not as an unknown user', async () => {
      const test = await startTest();
      await postAnswer(await idp.signIn(`${baseUrl}${test.startUrl}`, 'dave', 'dave-at-the-idp'));
      expect(await resultOf(test.id)).toMatchObject({
        status: 'failed',
        failure: { reason: 'unknown-user', detail: expect.stringContaining('dave@aviato.test') },
        received: { nameId: 'dave@aviato.test' },
      });
    });

    it.each([
      ['signature', { key: attackerKey }],
      ['audience', { audience: 'https://other.example/sp' }],
      [
        'clock',
        {
          issuedAt: new Date(Date.now() - 20 * 60_000),
          notOnOrAfter: new Date(Date.now() - 10 * 60_000),
        },
      ],
    ] as const)('says exactly why a response fails: %s', async (reason, change) => {
      const test = await startTest();
      // The browser goes to the IdP with a request id that says it is a test.
      const start = await new HttpClient(baseUrl).get(test.startUrl, { manualRedirect: true });
      expect(start.status).toBe(302);
      const requestId = authnRequestIdOf(start.headers.get('location')!);
      expect(requestId).toBe(`_ssotest-${test.id}`);
      const { key, ...overrides } = { key: idp.signingKeyPem, ...change };
      const xml = forgeSamlResponse(
        {
          issuer: idp.entityId,
          audience: entityId(),
          destination: `${baseUrl}${acsPath()}`,
          recipient: `${baseUrl}${acsPath()}`,
          nameId: 'ada@aviato.test',
          inResponseTo: requestId,
          ...overrides,
        },
        key,
      ).xml;
      const landed = await postAnswer({
        SAMLResponse: Buffer.from(xml).toString('base64'),
        cookie: `${SSO_REQUEST_COOKIE}=${requestId}`,
      });
      expect(landed.headers.get('location')).toBe(`/console/settings/sso?test=${test.id}`);
      expect(await resultOf(test.id)).toMatchObject({ status: 'failed', failure: { reason } });
    });

    it('sends a test to the IdP once, and lets only cloud administrators run one', async () => {
      const test = await startTest();
      await new HttpClient(baseUrl).get(test.startUrl, { manualRedirect: true });
      const again = await new HttpClient(baseUrl).get(test.startUrl, { manualRedirect: true });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'sso-test-already-started' });
      const patClient = new HttpClient(baseUrl);
      await patClient.post('/api/console/login', { email: 'pat@aviato.test', password });
      const refused = await patClient.post('/api/console/sso/tests');
      expect(refused.status).toBe(403);
      expect((await ada.get(`/api/console/sso/tests/${crypto.randomUUID()}`)).status).toBe(404);
      // Another organisation's administrator reads the test as one that does not exist.
      await seeder.organization('hooli', { email: 'gavin@hooli.test', password });
      const gavin = new HttpClient(baseUrl);
      await gavin.post('/api/console/login', { email: 'gavin@hooli.test', password });
      const theirs = await gavin.get<{ code: string }>(`/api/console/sso/tests/${test.id}`);
      expect([theirs.status, theirs.body.code]).toEqual([404, 'sso-test-not-found']);
    });
  });

  describe('signing in through the IdP', () => {
    it('signs a user in to the portal, found from their email', async () => {
      const answer = await idp.signIn(
        `${baseUrl}/sso/login?email=bob@aviato.test&surface=portal`,
        'bob',
        'bob-at-the-idp',
      );
      expect(answer.acsUrl).toBe(`${baseUrl}${acsPath()}`);
      const browser = new HttpClient(baseUrl);
      const landed = await postAnswer(answer, browser);
      expect(landed.status).toBe(303);
      expect(landed.headers.get('location')).toBe('/portal');
      const me = await browser.get<{ user: UserView }>('/api/portal/me');
      expect(me.status).toBe(200);
      expect(me.body.user.email).toBe('bob@aviato.test');
    });

    it('signs an administrator in to the console, and back to a PST download page when asked', async () => {
      const browser = new HttpClient(baseUrl);
      const answer = await idp.signIn(
        `${baseUrl}/sso/${orgId}/login?surface=console`,
        'ada',
        'ada-at-the-idp',
      );
      expect((await postAnswer(answer, browser)).headers.get('location')).toBe('/console');
      expect(
        (await browser.get<{ administrator: AdministratorView }>('/api/console/me')).body
          .administrator.email,
      ).toBe('ada@aviato.test');
      const sessions = await browser.get<AccountSessions>('/api/console/sessions');
      expect(sessions.body.sessions.find((session) => session.current)).toMatchObject({
        surface: 'console',
        method: 'sso',
      });

      const exportId = '0190a000-0000-7000-8000-0000000000aa';
      const toDownload = await idp.signIn(
        `${baseUrl}/sso/login?email=pat@aviato.test&surface=console&pstExportId=${exportId}`,
        'pat',
        'pat-at-the-idp',
      );
      expect((await postAnswer(toDownload)).headers.get('location')).toBe(
        `/download/pst/${exportId}`,
      );
    });

    it('keeps an SSO session in the console after the MFA grace period that shuts a password session out', async () => {
      const clients = new ServiceClients(config);
      const policy = (requiredForAdministrators: boolean, graceUntil?: string) =>
        clients.send(IdentityMessages.mfa.setPolicy, {
          context: { actor: SYSTEM_ACTOR, correlationId: 'sso-mfa-policy' },
          orgId,
          requiredForAdministrators,
          ...(graceUntil ? { graceUntil } : {}),
        });
      await policy(false);
      await policy(true, new Date(Date.now() - 60_000).toISOString());
      try {
        const bySso = new HttpClient(baseUrl);
        const answer = await idp.signIn(
          `${baseUrl}/sso/${orgId}/login?surface=console`,
          'ada',
          'ada-at-the-idp',
        );
        expect((await postAnswer(answer, bySso)).headers.get('location')).toBe('/console');
        expect((await bySso.get('/api/console/users')).status).toBe(200);

        const byPassword = new HttpClient(baseUrl);
        await byPassword.post('/api/console/login', { email: 'ada@aviato.test', password });
        const refused = await byPassword.get<{ code: string }>('/api/console/users');
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('mfa-enrolment-required');
      } finally {
        await policy(false);
        await clients.close();
      }
    });

    it("keeps an end user's SSO sign-in after the users' MFA grace period that sends a password to enrolment", async () => {
      const clients = new ServiceClients(config);
      const usersRule = (requiredForUsers: boolean, usersGraceUntil?: string) =>
        clients.send(IdentityMessages.mfa.setPolicy, {
          context: { actor: SYSTEM_ACTOR, correlationId: 'sso-users-mfa-policy' },
          orgId,
          requiredForUsers,
          ...(usersGraceUntil ? { usersGraceUntil } : {}),
        });
      await usersRule(true, new Date(Date.now() - 60_000).toISOString());
      try {
        const bySso = new HttpClient(baseUrl);
        const answer = await idp.signIn(
          `${baseUrl}/sso/${orgId}/login?surface=portal`,
          'bob',
          'bob-at-the-idp',
        );
        expect((await postAnswer(answer, bySso)).headers.get('location')).toBe('/portal');
        const me = await bySso.get<{ mfa?: { required: boolean; enrolmentOverdue: boolean } }>(
          '/api/portal/me',
        );
        expect(me.body.mfa).toMatchObject({ required: true, enrolmentOverdue: false });

        const byPassword = await new HttpClient(baseUrl).post<{ code: string }>(
          '/api/portal/login',
          { email: 'bob@aviato.test', password: userPassword },
        );
        expect(byPassword.status).toBe(401);
        expect(byPassword.body.code).toBe('mfa-required');
      } finally {
        await usersRule(false);
        await clients.close();
      }
    });

    it('refuses people the IdP knows but we do not, or who are disabled, as a password would', async () => {
      const dave = await postAnswer(
        await idp.signIn(`${baseUrl}/sso/${orgId}/login?surface=portal`, 'dave', 'dave-at-the-idp'),
      );
      expect(dave.status).toBe(401);
      expect(dave.body).toEqual({
        code: 'invalid-credentials',
        message: 'Invalid email-id\\username or password',
      });
      const eve = await postAnswer(
        await idp.signIn(`${baseUrl}/sso/${orgId}/login?surface=portal`, 'eve', 'eve-at-the-idp'),
      );
      expect(eve.status).toBe(403);
      expect(eve.body.code).toBe('user-disabled');
    });

    it('creates an unknown user at their first sign-in when just-in-time provisioning is on', async () => {
      await configureSso({
        metadataXml: await idp.metadataXml(),
        enforcement: 'off',
        nameAttribute: 'displayName',
        justInTimeProvisioning: true,
      });
      const dave = await postAnswer(
        await idp.signIn(`${baseUrl}/sso/${orgId}/login?surface=portal`, 'dave', 'dave-at-the-idp'),
      );
      expect(dave.status).toBe(303);
      const users = await ada.get<UserView[]>('/api/console/users?query=dave');
      expect(users.body).toEqual([
        expect.objectContaining({ email: 'dave@aviato.test', name: 'DAVE', status: 'active' }),
      ]);
    });

    it('says where to sign in when an email has no SSO', async () => {
      const none = await new HttpClient(baseUrl).get(
        '/sso/login?email=nobody@nowhere.test&surface=portal',
        { manualRedirect: true },
      );
      expect(none.status).toBe(404);
      expect(none.body).toMatchObject({ code: 'sso-not-available' });
    });
  });

  describe('enforcement and fail-safe credentials', () => {
    afterAll(async () => {
      await configureSso({
        metadataXml: await idp.metadataXml(),
        enforcement: 'off',
        nameAttribute: 'displayName',
      });
    });

    it('sends users and product administrators to SSO; a cloud administrator keeps the fail-safe password', async () => {
      expect(
        (
          await configureSso({
            metadataXml: await idp.metadataXml(),
            enforcement: 'users-and-administrators',
          })
        ).status,
      ).toBe(200);

      const bob = await new HttpClient(baseUrl).post<{ code: string; ssoUrl: string }>(
        '/api/portal/login',
        { email: 'bob@aviato.test', password: userPassword },
      );
      expect(bob.status).toBe(403);
      expect(bob.body).toMatchObject({
        code: 'sso-required',
        ssoUrl: '/sso/login?email=bob%40aviato.test&surface=portal',
      });

      const patSignIn = await new HttpClient(baseUrl).post<{ code: string }>('/api/console/login', {
        email: 'pat@aviato.test',
        password,
      });
      expect(patSignIn.status).toBe(403);
      expect(patSignIn.body.code).toBe('sso-required');
      const patBasic = await new HttpClient(baseUrl).get<{ code: string }>('/api/console/me', {
        headers: {
          authorization: `Basic ${Buffer.from(`pat@aviato.test:${password}`).toString('base64')}`,
        },
      });
      expect(patBasic.status).toBe(403);
      expect(patBasic.body.code).toBe('sso-required');

      // A wrong password stays the seed's 401: sso-required is said only to whoever knows the password.
      const guess = await new HttpClient(baseUrl).post<{ code: string }>('/api/console/login', {
        email: 'pat@aviato.test',
        password: 'pat-at-the-idp',
      });
      expect(guess.status).toBe(401);

      expect(
        (
          await new HttpClient(baseUrl).post('/api/console/login', {
            email: 'ada@aviato.test',
            password,
          })
        ).status,
      ).toBe(200);
    });

    it('with enforcement for users only, product administrators keep their password', async () => {
      await configureSso({ metadataXml: await idp.metadataXml(), enforcement: 'users' });
      expect(
        (
          await new HttpClient(baseUrl).post('/api/console/login', {
            email: 'pat@aviato.test',
            password,
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await new HttpClient(baseUrl).post('/api/portal/login', {
            email: 'bob@aviato.test',
            password: userPassword,
          })
        ).status,
      ).toBe(403);
    });
  });

  describe('forged, tampered and replayed responses', () => {
    const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();

    /** Starts a console sign-in as a browser would and returns the id of our AuthnRequest. */
    async function issuedRequestId(): Promise<string> {
      const start = await new HttpClient(baseUrl).get(`/sso/${orgId}/login?surface=console`, {
        manualRedirect: true,
      });
      expect(start.status).toBe(302);
      return authnRequestIdOf(start.headers.get('location')!);
    }

    const honest = async (overrides: Partial<Parameters<typeof forgeSamlResponse>[0]> = {}) => ({
      issuer: idp.entityId,
      audience: entityId(),
      destination: `${baseUrl}${acsPath()}`,
      recipient: `${baseUrl}${acsPath()}`,
      nameId: 'ada@aviato.test',
      inResponseTo: await issuedRequestId(),
      ...overrides,
    });

    /** Posts a response from the browser that started the request it answers. */
    const post = (xml: string) =>
      postAnswer({
        SAMLResponse: Buffer.from(xml).toString('base64'),
        RelayState: 'console',
        cookie: `${SSO_REQUEST_COOKIE}=${/InResponseTo="([^"]+)"/.exec(xml)?.[1] ?? ''}`,
      });
    const assertionOf = (xml: string) => /<saml:Assertion [\s\S]*<\/saml:Assertion>/.exec(xml)![0];

    it('accepts a response made the honest way (so each refusal below is for its own reason)', async () => {
      const accepted = await post(forgeSamlResponse(await honest(), idp.signingKeyPem).xml);
      expect(accepted.status).toBe(303);
    });

    it.each([
      ['an unsigned assertion', async () => forgeSamlResponse(await honest()).xml],
      [
        'a signature by a key the organisation does not trust',
        async () => forgeSamlResponse(await honest(), attackerKey).xml,
      ],
      [
        'an expired assertion',
        async () =>
          forgeSamlResponse(
            await honest({
              issuedAt: new Date(Date.now() - 20 * 60_000),
              notOnOrAfter: new Date(Date.now() - 10 * 60_000),
            }),
            idp.signingKeyPem,
          ).xml,
      ],
      [
        'another audience',
        async () =>
          forgeSamlResponse(
            await honest({ audience: 'https://other.example/sp' }),
            idp.signingKeyPem,
          ).xml,
      ],
      [
        'another destination',
        async () =>
          forgeSamlResponse(
            await honest({ destination: 'https://other.example/acs' }),
            idp.signingKeyPem,
          ).xml,
      ],
      [
        'another recipient',
        async () =>
          forgeSamlResponse(
            await honest({ recipient: 'https://other.example/acs' }),
            idp.signingKeyPem,
          ).xml,
      ],
      [
        'an unsolicited response',
        async () =>
          forgeSamlResponse({ ...(await honest()), inResponseTo: undefined }, idp.signingKeyPem)
            .xml,
      ],
      [
        'an answer to a request we never sent',
        async () =>
          forgeSamlResponse(await honest({ inResponseTo: '_never-issued' }), idp.signingKeyPem).xml,
      ],
      [
        'a second assertion beside the signed one (wrapping)',
        async () => {
          const signed = forgeSamlResponse(
            await honest({ nameId: 'dave@aviato.test' }),
            idp.signingKeyPem,
          ).xml;
          const evil = assertionOf(
            forgeSamlResponse(await honest({ nameId: 'ada@aviato.test', assertionId: '_evil' }))
              .xml,
          );
          return signed.replace('<saml:Assertion ', `${evil}<saml:Assertion `);
        },
      ],
      [
        'the signed assertion hidden inside an unsigned one (wrapping)',
        async () => {
          const signed = forgeSamlResponse(
            await honest({ nameId: 'dave@aviato.test' }),
            idp.signingKeyPem,
          ).xml;
          const evil = assertionOf(forgeSamlResponse(await honest({ assertionId: '_evil' })).xml);
          const wrapped = evil.replace(
            '</saml:Assertion>',
            `<saml:Advice>${assertionOf(signed)}</saml:Advice></saml:Assertion>`,
          );
          return signed.replace(assertionOf(signed), wrapped);
        },
      ],
      [
        'a comment injected into the NameID',
        async () => {
          const signed = forgeSamlResponse(
            await honest({ nameId: 'ada@aviato.test.evil.test' }),
            idp.signingKeyPem,
          ).xml;
          return signed.replace(
            '>ada@aviato.test.evil.test<',
            '>ada@aviato.test<!---->.evil.test<',
          );
        },
      ],
    ])('refuses %s', async (_case, build) => {
      const refused = await post(await build());
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({
        code: 'saml-invalid',
        message: expect.stringContaining('identity provider'),
      });
    });

    // Regression (login CSRF): a response obtained in one browser signed in another, which had
    // never started a sign-in, so an attacker could sign a victim in as the attacker.
    it('refuses an IdP response posted by a browser other than the one that started the sign-in', async () => {
      const answer = await idp.signIn(
        `${baseUrl}/sso/${orgId}/login?surface=console`,
        'ada',
        'ada-at-the-idp',
      );
      expect(answer.cookie).toContain(`${SSO_REQUEST_COOKIE}=`);
      const elsewhere = await postAnswer({ ...answer, cookie: undefined });
      expect([elsewhere.status, elsewhere.body.code]).toEqual([401, 'saml-invalid']);
      const otherRequest = await issuedRequestId();
      const mismatched = await postAnswer({
        ...answer,
        cookie: `${SSO_REQUEST_COOKIE}=${otherRequest}`,
      });
      expect(mismatched.status).toBe(401);
    });

    it('refuses the same IdP response posted twice', async () => {
      const answer = await idp.signIn(
        `${baseUrl}/sso/${orgId}/login?surface=console`,
        'ada',
        'ada-at-the-idp',
      );
      expect((await postAnswer(answer)).status).toBe(303);
      const replayed = await postAnswer(answer);
      expect(replayed.status).toBe(401);
      expect(replayed.body.code).toBe('saml-invalid');
    });

    it('refuses an assertion id used before, even in answer to a new request', async () => {
      const first = forgeSamlResponse(
        await honest({ assertionId: '_only-once' }),
        idp.signingKeyPem,
      );
      expect((await post(first.xml)).status).toBe(303);
      const again = forgeSamlResponse(
        await honest({ assertionId: '_only-once' }),
        idp.signingKeyPem,
      );
      expect((await post(again.xml)).status).toBe(401);
    });

    it('records each refusal as a failed sign-in with reason saml-invalid', async () => {
      await expectEventually(async () => {
        const trail = await ada.get<{
          entries: { details: { reason?: string; detail?: string } }[];
        }>('/api/console/audit-trail?activityType=sign-in&limit=500');
        const details = trail.body.entries
          .filter((entry) => entry.details.reason === 'saml-invalid')
          .map((entry) => entry.details.detail ?? '');
        expect(details.length).toBeGreaterThanOrEqual(13);
        expect(details).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/signature/i),
            // node-saml says so when no subject confirmation is still within its time window.
            expect.stringMatching(/expired|no valid subject confirmation/i),
            expect.stringMatching(/audience/i),
            expect.stringMatching(/Destination/),
            expect.stringMatching(/Recipient/),
            expect.stringMatching(/InResponseTo/i),
            expect.stringMatching(/comments/),
            'assertion already used',
          ]),
        );
      });
    });
  });

  describe('fail-safe password reset', () => {
    const newPassword = 'a brand new fail-safe passphrase';
    const tokenOf = (text: string) => /\/reset-password#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

    it('Manage Administrators → Reset Password emails a link that works once and ends other sessions', async () => {
      const patBefore = new HttpClient(baseUrl);
      expect(
        (await patBefore.post('/api/console/login', { email: 'pat@aviato.test', password })).status,
      ).toBe(200);

      const sent = await ada.post(`/api/console/administrators/${pat.id}/reset-password`);
      expect(sent.status).toBe(202);
      const mail = await mailbox.waitForMessageTo('pat@aviato.test');
      expect(mail.subject).toBe('Reset your Coffer fail-safe password');
      expect(mail.text).toContain(`${baseUrl}/reset-password#token=`);
      const token = tokenOf(mail.text)!;

      const weak = await new HttpClient(baseUrl).post<{ code: string }>(
        '/api/console/password-reset',
        { token, newPassword: 'short' },
      );
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('password-too-short');
      const reset = await new HttpClient(baseUrl).post('/api/console/password-reset', {
        token,
        newPassword,
      });
      expect(reset.status).toBe(200);
      expect(reset.headers.get('referrer-policy')).toBe('no-referrer');
      const again = await new HttpClient(baseUrl).post<{ code: string }>(
        '/api/console/password-reset',
        { token, newPassword },
      );
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('password-link-invalid');

      expect((await patBefore.get('/api/console/me')).status).toBe(401);
      expect(
        (
          await new HttpClient(baseUrl).post('/api/console/login', {
            email: 'pat@aviato.test',
            password,
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await new HttpClient(baseUrl).post('/api/console/login', {
            email: 'pat@aviato.test',
            password: newPassword,
          })
        ).status,
      ).toBe(200);
      await expectEventually(async () => {
        const subjects = (await mailbox.messagesTo('pat@aviato.test')).map(
          (message) => message.subject,
        );
        expect(subjects).toContain('Your Coffer fail-safe password was changed');
      });
    });

    it('lets only another cloud administrator send the link', async () => {
      const patClient = new HttpClient(baseUrl);
      await patClient.post('/api/console/login', {
        email: 'pat@aviato.test',
        password: newPassword,
      });
      const adaId = (await ada.get<{ administrator: AdministratorView }>('/api/console/me')).body
        .administrator.id;
      expect(
        (await patClient.post(`/api/console/administrators/${adaId}/reset-password`)).status,
      ).toBe(403);
      expect((await ada.post(`/api/console/administrators/${adaId}/reset-password`)).status).toBe(
        409,
      );
    });

    it('answers "forgot password" the same for any email and mails only administrators', async () => {
      const stranger = await new HttpClient(baseUrl).post<{ message: string }>(
        '/api/console/forgot-password',
        { email: 'nobody@aviato.test' },
      );
      const known = await new HttpClient(baseUrl).post<{ message: string }>(
        '/api/console/forgot-password',
        { email: 'ada@aviato.test' },
      );
      expect(stranger.status).toBe(202);
      expect(known.status).toBe(202);
      expect(stranger.body).toEqual(known.body);
      // The link is sent after the answer: wait for that very mail.
      const mail = await expectEventually(async () => {
        const resets = (await mailbox.messagesTo('ada@aviato.test')).filter(
          (message) => message.subject === 'Reset your Coffer fail-safe password',
        );
        expect(resets).toHaveLength(1);
        return resets[0];
      });
      expect(tokenOf(mail.text)).toBeDefined();
      expect(await mailbox.messagesTo('nobody@aviato.test')).toEqual([]);
    });
  });
});
