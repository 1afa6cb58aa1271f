import { cpus, totalmem } from 'node:os';

import type { ApiTokenWithSecret } from '@coffer/contracts';
import { HttpClient, withServicesRunning } from '@coffer/testing';

import { measureLatency } from './latency';
import { round } from './measure';

/**
 * `npm run bench -- token-auth [N]`: authenticated API requests (GET /api/console/me) with
 * email + API token through the gateway, at a fixed concurrency, beside the same with a
 * console session cookie, and beside the bare gateway: the same route without credentials,
 * which its guard refuses (401) without calling any backend service — every middleware, the
 * guard and the error filter, and nothing else.
 */
export async function benchTokenAuth(count: number) {
  return withServicesRunning('bench-tokens', {}, async ({ config, seeder }) => {
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
    const expectStatus =
      (expected: number) => async (response: Promise<{ status: number; text: string }>) => {
        const { status, text } = await response;
        if (status !== expected) throw new Error(`answered ${status}: ${text}`);
      };
    const expectOk = expectStatus(200);
    const bare = await measureLatency(count, concurrency, () =>
      expectStatus(401)(new HttpClient(config.publicUrl).get('/api/console/me')),
    );
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
      bare_per_s: bare.perSecond,
      token_per_s: withToken.perSecond,
      p99_ms: withToken.p99Ms,
      /** Target: at least 0.5, with p99 under 10 ms. */
      token_per_bare: round(withToken.perSecond / bare.perSecond, 2),
      session_per_s: withSession.perSecond,
      machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      bareGateway: bare,
      emailAndToken: withToken,
      sessionCookie: withSession,
    };
  });
}
