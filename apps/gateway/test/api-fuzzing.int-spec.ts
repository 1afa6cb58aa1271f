import type { ApiTokenWithSecret } from '@coffer/contracts';
import { fuzzApi, HttpClient, oneOfEachResource, servicesUnderTest } from '@coffer/testing';

/**
 * Every operation of the OpenAPI document fuzzed with schemathesis (from PyPI, pinned in
 * tools/fuzz/requirements.txt), signed in as a cloud administrator with an API token as a
 * script would be: valid and invalid bodies, queries and path parameters, half of the path ids
 * those of real resources. No answer may be a
 * 5xx, every refusal carries a `code` and a human `message`, and no answer shows a stack trace
 * or internal detail (tools/fuzz/coffer_hooks.py).
 */
describe('API fuzzing', () => {
  const { baseUrl, seeder } = servicesUnderTest('fuzz');
  const administrator = { email: 'ada@fuzz.test', password: 'administrator passphrase 4' };
  let token: string;
  let realIds: Record<string, string>;

  beforeAll(async () => {
    await seeder.organization('fuzz', administrator);
    const admin = new HttpClient(baseUrl);
    expect((await admin.post('/api/console/login', administrator)).status).toBe(200);
    const created = await admin.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'fuzzer',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(created.status).toBe(201);
    token = created.body.secret;

    // Real resources of every kind, so fuzzed requests reach the handlers, not only 404.
    realIds = await oneOfEachResource(admin, 'fuzz.test', 'user passphrase number 4');
  });

  it('finds no server error, no unclear refusal and no leaked detail', async () => {
    const run = await fuzzApi({
      schemaUrl: `${baseUrl}/api/docs-json`,
      baseUrl,
      basicAuth: `${administrator.email}:${token}`,
      maxExamples: 15,
      seed: 20261123,
      timeoutMs: 420_000,
      realIds,
    });
    // The whole report on failure: which operation, which request, which answer.
    if (!run.passed) throw new Error(run.output);
    // It reached every operation and sent a real number of requests, all of which passed.
    const tested = Number(/Tested: (\d+)/.exec(run.output)?.[1]);
    expect(tested).toBeGreaterThanOrEqual(35);
    const [, generated, passed] = /(\d+) generated, (\d+) passed/.exec(run.output) ?? [];
    expect(Number(generated)).toBeGreaterThanOrEqual(500);
    expect(passed).toBe(generated);
  }, 480_000);
});
