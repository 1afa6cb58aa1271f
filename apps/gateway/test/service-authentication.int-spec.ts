import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

import { KEY_VARIABLES, serviceAddress } from '@coffer/config';
import { IdentityMessages, SealedClient, SYSTEM_ACTOR } from '@coffer/contracts';
import { HttpClient, REPO_ROOT, servicesUnderTest } from '@coffer/testing';

/**
 * Regression: the backend services obeyed any process that could reach their TCP ports. A plain
 * framed message to identity (`identity.administrator.create` saying it came from the system)
 * created a working cloud administrator. Now every request must be sealed with the deployment's
 * service key, and a service without its keys does not start.
 */
describe('service-to-service calls', () => {
  const { env, config, seeder } = servicesUnderTest('service-auth');
  let orgId: string;

  beforeAll(async () => {
    orgId = (
      await seeder.organization('hooli', { email: 'ada@hooli.test', password: 'pass phrase 12' })
    ).organization.id;
  });

  const createAdministrator = {
    context: { actor: SYSTEM_ACTOR, correlationId: 'attack' },
    email: 'mallory@hooli.test',
    name: 'Mallory',
    role: 'cloud-administrator',
    password: 'a password of my own choosing',
  };

  async function refusal(send: () => Promise<unknown>): Promise<unknown> {
    return send().then(
      () => 'accepted',
      (error: unknown) => error,
    );
  }

  it('refuses a request that is not sealed, or sealed with another key', async () => {
    const raw: ClientProxy = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: serviceAddress(config, 'identity'),
    });
    const forged = new SealedClient(serviceAddress(config, 'identity'), {
      current: Buffer.alloc(32, 7),
      previous: [],
    });
    try {
      const message = { ...createAdministrator, orgId };
      // Sent past the typed client on purpose: these are the unsealed and the forged request.
      const { pattern } = IdentityMessages.administrators.create;
      const sent = [raw.send(pattern, message), forged.send(pattern, message)];
      for (const answer of sent) {
        expect(await refusal(() => firstValueFrom(answer.pipe(timeout(10_000))))).toMatchObject({
          code: 'unauthenticated-caller',
        });
      }
    } finally {
      await raw.close();
      await forged.close();
    }
    // Nothing was created: Mallory's password signs nobody in.
    const signIn = await new HttpClient(config.publicUrl).post('/api/console/login', {
      email: 'mallory@hooli.test',
      password: createAdministrator.password,
    });
    expect(signIn.status).toBe(401);
  });

  it('answers the gateway, which seals every request', async () => {
    const admin = new HttpClient(config.publicUrl);
    expect(
      (
        await admin.post('/api/console/login', {
          email: 'ada@hooli.test',
          password: 'pass phrase 12',
        })
      ).status,
    ).toBe(200);
    expect((await admin.get('/api/console/me')).status).toBe(200);
  });

  it('does not start a service that lacks a key, and says which and how to make one', () => {
    const withoutKey: NodeJS.ProcessEnv = { ...process.env, ...env, COFFER_PORT_OFFSET: '7000' };
    delete withoutKey[KEY_VARIABLES.serviceCalls];
    const started = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'dist', 'apps', 'identity', 'src', 'main.js')],
      { env: withoutKey, encoding: 'utf8', timeout: 30_000 },
    );
    expect(started.status).toBe(1);
    expect(started.stderr).toContain('identity cannot start: COFFER_SERVICE_KEY is not set');
    expect(started.stderr).toContain('openssl rand -base64 32');
  });
});
