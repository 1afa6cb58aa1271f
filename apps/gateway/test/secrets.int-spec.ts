import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import mongoose from 'mongoose';

import { type BackendServiceName, databaseUrl, metricsAddress } from '@coffer/config';
import {
  type AdministratorView,
  type ApiTokenWithSecret,
  type PasskeyChallenge,
  type PasskeyCreationOptions,
  type PasskeyRequestOptions,
  Topics,
  type TotpEnrolment,
  type TotpEnrolmentConfirmed,
} from '@coffer/contracts';
import { createKafka, topicRanges, TopicReplay } from '@coffer/messaging';
import {
  expectEventually,
  HttpClient,
  Mailbox,
  REPO_ROOT,
  servicesUnderTest,
  SoftwareAuthenticator,
  totpCode,
} from '@coffer/testing';

const SERVICES: BackendServiceName[] = ['identity', 'profiles', 'tokens', 'pst-export', 'audit'];

/** The value of the one sample of `name` whose labels include `labels` (in any order), if any. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const own = new Map(
      [...match[2].matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]),
    );
    if (Object.entries(labels).every(([key, value]) => own.get(key) === value))
      return Number(match[3]);
  }
  return undefined;
}

/**
 * No secret is ever logged, stored in plain text or put in an event: after a run that uses
 * passwords (right and wrong), an API token (created, used, copied), a password-reset link, a
 * TOTP secret and recovery codes (one used to sign in), passkey challenges (each used once),
 * every log line, every event on every topic and every document in every database is searched
 * for each of them.
 */
describe('secrets stay secret', () => {
  const { env, config, mailApi, baseUrl, seeder } = servicesUnderTest('secrets', {
    env: { COFFER_LOG_LEVEL: 'debug' },
  });
  const mailbox = new Mailbox(mailApi);
  const secrets: Record<string, string> = {
    adminPassword: 'administrator secret passphrase 4711',
    wrongPassword: 'a wrong guess of a passphrase 0815',
    userPassword: 'user secret passphrase number 42',
    newAdminPassword: 'a brand new administrator phrase 99',
  };
  const ada = new HttpClient(baseUrl);

  beforeAll(async () => {
    await seeder.organization('umbrella', {
      email: 'ada@umbrella.test',
      password: secrets.adminPassword,
    });

    expect(
      (
        await ada.post('/api/console/login', {
          email: 'ada@umbrella.test',
          password: secrets.wrongPassword,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await ada.post('/api/console/login', {
          email: 'ada@umbrella.test',
          password: secrets.adminPassword,
        })
      ).status,
    ).toBe(200);
    const pat = await ada.post<AdministratorView>('/api/console/administrators', {
      email: 'pat@umbrella.test',
      name: 'Pat',
      role: 'product-administrator',
      password: secrets.adminPassword,
    });
    await ada.post('/api/console/users', {
      email: 'bob@umbrella.test',
      name: 'Bob',
      password: secrets.userPassword,
    });
    expect(
      (
        await new HttpClient(baseUrl).post('/api/portal/login', {
          email: 'bob@umbrella.test',
          password: secrets.userPassword,
        })
      ).status,
    ).toBe(200);

    const token = await ada.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'scripts',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    secrets.apiToken = token.body.secret;
    const basic = `Basic ${Buffer.from(`ada@umbrella.test:${secrets.apiToken}`).toString('base64')}`;
    expect(
      (await new HttpClient(baseUrl).get('/api/console/me', { headers: { authorization: basic } }))
        .status,
    ).toBe(200);
    expect((await ada.get(`/api/console/api-tokens/${token.body.token.id}/secret`)).status).toBe(
      200,
    );

    // Regression: the gateway logged `x-download-grant` and `x-csrf-token` in plain text.
    secrets.downloadGrant = `grant-${randomBytes(18).toString('base64url')}`;
    secrets.csrfToken = `csrf-${randomBytes(18).toString('base64url')}`;
    await new HttpClient(baseUrl).get(`/download/pst/${randomUUID()}/file/1`, {
      headers: { 'x-download-grant': secrets.downloadGrant, 'x-csrf-token': secrets.csrfToken },
    });

    await ada.post(`/api/console/administrators/${pat.body.id}/reset-password`);
    const mail = await mailbox.waitForMessageTo('pat@umbrella.test');
    secrets.resetToken = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    expect(
      (
        await new HttpClient(baseUrl).post('/api/console/password-reset', {
          token: secrets.resetToken,
          newPassword: secrets.newAdminPassword,
        })
      ).status,
    ).toBe(200);

    // Ada's authenticator app: the TOTP secret, and recovery codes, one of them used to sign in.
    const enrolment = await ada.post<TotpEnrolment>('/api/console/mfa/totp');
    secrets.totpSecret = new URL(enrolment.body.otpauthUri).searchParams.get('secret')!;
    const confirmed = await ada.post<TotpEnrolmentConfirmed>('/api/console/mfa/totp/confirm', {
      otp: totpCode(enrolment.body.otpauthUri),
    });
    expect(confirmed.status).toBe(200);
    const [used, kept] = confirmed.body.recoveryCodes;
    Object.assign(secrets, {
      usedRecoveryCode: used,
      usedRecoveryCodePlain: used.replace('-', ''),
      recoveryCode: kept,
      recoveryCodePlain: kept.replace('-', ''),
    });
    expect(
      (
        await new HttpClient(baseUrl).post('/api/console/login', {
          email: 'ada@umbrella.test',
          password: secrets.adminPassword,
          otp: used,
        })
      ).status,
    ).toBe(200);
    // Ada's passkey: the challenges of its registration and of a passwordless sign-in, each
    // used once, are kept nowhere afterwards.
    const authenticator = new SoftwareAuthenticator(new URL(baseUrl).origin);
    const creation = await ada.post<PasskeyChallenge<PasskeyCreationOptions>>(
      '/api/console/mfa/passkeys/registration-options',
    );
    secrets.passkeyRegistrationChallenge = creation.body.options.challenge;
    const registered = await ada.post('/api/console/mfa/passkeys', {
      challengeId: creation.body.challengeId,
      credential: authenticator.create(creation.body.options),
      name: 'Laptop',
    });
    expect(registered.status).toBe(201);
    const request = await new HttpClient(baseUrl).post<PasskeyChallenge<PasskeyRequestOptions>>(
      '/api/console/passkeys/challenge',
    );
    secrets.passkeySignInChallenge = request.body.options.challenge;
    secrets.passkeyChallengeId = request.body.challengeId;
    const passwordless = await new HttpClient(baseUrl).post('/api/console/login/passkey', {
      challengeId: request.body.challengeId,
      credential: authenticator.get(request.body.options),
    });
    expect(passwordless.status).toBe(200);
    // Let the relays and consumers settle, so what was sent is on the topics and in the trail.
    await expectEventually(async () => {
      const trail = await ada.get<{ total: number }>('/api/console/audit-trail?q=fail-safe');
      expect(trail.body.total).toBeGreaterThanOrEqual(2);
      const recovery = await ada.get<{ total: number }>(
        '/api/console/audit-trail?activityType=break-glass',
      );
      expect(recovery.body.total).toBe(1);
    });
  });

  const findings = (text: string, where: string) =>
    Object.entries(secrets)
      .filter(([, secret]) => text.includes(secret))
      .map(([name]) => `${name} in ${where}`);

  it('is in no service log', async () => {
    const logDir = join(REPO_ROOT, '.infra', 'logs', env.COFFER_NAMESPACE!);
    const found: string[] = [];
    const files = await readdir(logDir);
    expect(files).toEqual(expect.arrayContaining(['gateway.log', 'identity.log']));
    let all = '';
    for (const file of files) {
      const text = await readFile(join(logDir, file), 'utf8');
      all += text;
      found.push(...findings(text, file));
    }
    // The search reads real content: the requests that carried the secrets are logged.
    expect(all).toContain('/api/console/password-reset');
    expect(all).toContain('/file/1');
    expect(found).toEqual([]);
  });

  it('is in no event on any topic', async () => {
    const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'secrets-test' });
    const topics = Object.values(Topics).flatMap((topic) => [
      `${config.topicPrefix}${topic}`,
      `${config.topicPrefix}${topic}.dead-letter`,
    ]);
    const ranges = await topicRanges(kafka, topics);
    let events = 0;
    let mentionsBob = false;
    const found: string[] = [];
    const replay = new TopicReplay(
      kafka,
      topics,
      `${config.topicPrefix}secrets-`,
      async (message) => {
        events += 1;
        mentionsBob ||= message.raw.includes('bob@umbrella.test');
        found.push(...findings(message.raw, `${message.topic} @${message.offset}`));
      },
    );
    await replay.start();
    try {
      await replay.waitUntilReached(ranges, 60_000);
    } finally {
      await replay.stop();
    }
    expect(events).toBeGreaterThan(10);
    expect(mentionsBob).toBe(true);
    expect(found).toEqual([]);
  });

  it('is in no document of any database', async () => {
    const found: string[] = [];
    let documents = 0;
    let mentionsBob = false;
    for (const service of SERVICES) {
      const connection = await mongoose.createConnection(databaseUrl(config, service)).asPromise();
      try {
        const db = connection.db!;
        for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
          for (const document of await db.collection(name).find({}).toArray()) {
            documents += 1;
            const text = JSON.stringify(document);
            mentionsBob ||= text.includes('bob@umbrella.test');
            found.push(...findings(text, `${service}.${name}`));
          }
        }
      } finally {
        await connection.close();
      }
    }
    expect(documents).toBeGreaterThan(20);
    expect(mentionsBob).toBe(true);
    expect(found).toEqual([]);
  });

  it('is not in the metrics, which count the refused sign-in and see every service', async () => {
    // Regression: /metrics was served on the public port, to anyone.
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(404);
    const metrics = await (
      await fetch(`http://${config.host}:${config.ports.gatewayMetrics}/metrics`)
    ).text();
    expect(metrics).toMatch(
      /coffer_sign_in_failures_total\{surface="console",code="invalid-credentials"\} 1\b/,
    );
    expect(metrics).toMatch(
      /coffer_http_request_duration_seconds_count\{method="POST",route="\/api\/console\/login",status="200"\} \d+/,
    );
    for (const service of SERVICES)
      expect(metrics).toContain(`coffer_service_up{service="${service}"} 1`);
    expect(metrics).toMatch(/coffer_outbox_backlog\{service="identity",outbox="events"\} \d+/);
    expect(metrics).toMatch(/coffer_projection_lag\{service="audit",projection="audit-trail",/);
    expect(metrics).toMatch(/coffer_queue_length\{service="pst-export",queue="exports"\} \d+/);
    expect(findings(metrics, 'metrics')).toEqual([]);
    expect(metrics).not.toContain('umbrella.test');
  });

  it("is not in any backend's own /metrics, which time requests and count refusals by reason", async () => {
    const scrape = async (service: BackendServiceName) => {
      const { host, port } = metricsAddress(config, service);
      return (await fetch(`http://${host}:${port}/metrics`)).text();
    };
    const texts = Object.fromEntries(
      await Promise.all(SERVICES.map(async (service) => [service, await scrape(service)] as const)),
    );
    for (const service of SERVICES) {
      expect(texts[service]).toContain(`coffer_service_up{service="${service}"} 1`);
      expect(findings(texts[service], `${service} metrics`)).toEqual([]);
      expect(texts[service]).not.toContain('umbrella.test');
    }
    expect(
      sample(texts.identity, 'coffer_rpc_request_duration_seconds_count', {
        pattern: 'identity.sign-in',
        outcome: 'ok',
      }),
    ).toBeGreaterThan(0);
    expect(
      sample(texts.identity, 'coffer_rpc_request_duration_seconds_count', {
        pattern: 'identity.sign-in',
        outcome: 'invalid-credentials',
      }),
    ).toBeGreaterThan(0);
    expect(
      sample(texts.identity, 'coffer_sign_in_failures_total', {
        surface: 'console',
        reason: 'bad-credentials',
      }),
    ).toBe(1);
    expect(sample(texts.identity, 'coffer_outbox_backlog', { outbox: 'auth_events' })).toEqual(
      expect.any(Number),
    );
    expect(
      sample(texts.audit, 'coffer_projection_lag', {
        projection: 'audit-trail',
        topic: `${env.COFFER_NAMESPACE}.identity.events`,
        partition: '0',
      }),
    ).toEqual(expect.any(Number));
    expect(sample(texts['pst-export'], 'coffer_queue_length', { queue: 'exports' })).toEqual(
      expect.any(Number),
    );
  });

  it('follows one action across services by its correlation id: answer, log, event and Kafka header', async () => {
    const traced = await ada.request('POST', '/api/console/users', {
      json: { email: 'carol@umbrella.test', name: 'Carol', password: secrets.userPassword },
      headers: { 'x-correlation-id': 'trace-carol-1' },
    });
    expect(traced.status).toBe(201);
    expect(traced.headers.get('x-correlation-id')).toBe('trace-carol-1');
    const odd = await ada.get('/api/console/me', {
      headers: { 'x-correlation-id': 'has spaces in it' },
    });
    expect(odd.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);

    const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'secrets-trace' });
    const topic = `${config.topicPrefix}${Topics.identityEvents}`;
    await expectEventually(async () => {
      const ranges = await topicRanges(kafka, [topic]);
      const traced: { type?: string; header?: string }[] = [];
      const replay = new TopicReplay(
        kafka,
        [topic],
        `${config.topicPrefix}trace-`,
        async (message) => {
          if (message.event?.correlationId === 'trace-carol-1')
            traced.push({ type: message.event.type, header: message.headers['correlation-id'] });
        },
      );
      await replay.start();
      try {
        await replay.waitUntilReached(ranges, 30_000);
      } finally {
        await replay.stop();
      }
      expect(traced).toEqual([{ type: 'identity.user.created', header: 'trace-carol-1' }]);
    });
    const gatewayLog = await readFile(
      join(REPO_ROOT, '.infra', 'logs', env.COFFER_NAMESPACE!, 'gateway.log'),
      'utf8',
    );
    expect(gatewayLog).toContain('"id":"trace-carol-1"');
    const identityLog = await readFile(
      join(REPO_ROOT, '.infra', 'logs', env.COFFER_NAMESPACE!, 'identity.log'),
      'utf8',
    );
    expect(identityLog).toMatch(
      /"pattern":"identity\.users\.create","correlationId":"trace-carol-1"/,
    );
  });
});
