import { cpus, totalmem } from 'node:os';

import type { ApiTokenWithSecret } from '@coffer/contracts';
import {
  HttpClient,
  IdentitySeeder,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

import { measureLatency } from './latency';

/**
 * `npm run bench -- token-auth [N]`: authenticated API requests (GET /api/console/me) with
 * email + API token through the gateway, at a fixed concurrency, beside the same with a
 * console session cookie, so the token check's cost shows.
 */
export async function benchTokenAuth(count: number) {
  const { env, config } = testEnvironment('bench-tokens');
  const services = await ServiceProcesses.launch({ env });
  const seeder = new IdentitySeeder(config);
  try {
    await waitForHealthyGateway(config.publicUrl);
    const password = 'benchmark administrator passphrase';
    await seeder.organization('bench', { email: 'admin@bench.test', password });
    const session = new HttpClient(config.publicUrl);
    await session.post('/api/console/login', { email: 'admin@bench.test', password });
    const { body } = await session.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'bench',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const authorization = `Basic ${Buffer.from(`admin@bench.test:${body.secret}`).toString('base64')}`;
    const concurrency = 8;
    const expectOk = async (response: Promise<{ status: number; text: string }>) => {
      const { status, text } = await response;
      if (status !== 200) throw new Error(`answered ${status}: ${text}`);
    };
    const withToken = await measureLatency(count, concurrency, () =>
      expectOk(
        new HttpClient(config.publicUrl).get('/api/console/me', { headers: { authorization } }),
      ),
    );
    const withSession = await measureLatency(count, concurrency, () =>
      expectOk(session.get('/api/console/me')),
    );
    return {
      benchmark: 'token-auth',
      machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      emailAndToken: withToken,
      sessionCookie: withSession,
    };
  } finally {
    await seeder.close();
    await services.stopAll();
  }
}
