import { randomUUID } from 'node:crypto';

import {
  HttpClient,
  oneOfEachResource,
  openApiOperations,
  servicesUnderTest,
} from '@coffer/testing';

/**
 * Tenant isolation swept over every endpoint of the OpenAPI document that takes an id: for
 * another organisation's administrator, each of this organisation's ids must answer exactly as
 * an id that does not exist — never a success, never a different error.
 */
describe('tenant isolation over every endpoint', () => {
  const { baseUrl, seeder } = servicesUnderTest('tenants');
  const password = 'administrator passphrase 6';
  const ada = new HttpClient(baseUrl);
  const gus = new HttpClient(baseUrl);
  /** One real id of the first organisation per kind of resource, by the path segment naming it. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await seeder.organization('soylent', { email: 'ada@soylent.test', password });
    await seeder.organization('tyrell', { email: 'gus@tyrell.test', password });
    await ada.post('/api/console/login', { email: 'ada@soylent.test', password });
    await gus.post('/api/console/login', { email: 'gus@tyrell.test', password });

    Object.assign(ids, await oneOfEachResource(ada, 'soylent.test', 'user passphrase number 6'));
  });

  it('answers every other-organisation id as if it did not exist', async () => {
    const swept: string[] = [];
    const leaks: string[] = [];
    for (const { method, path } of await openApiOperations(baseUrl)) {
      const match = /^\/api\/console\/([a-z-]+)\/\{(\w+)\}/.exec(path);
      if (!match) continue;
      const [, kind, parameter] = match;
      const theirs = ids[kind];
      expect([path, theirs]).toEqual([path, expect.any(String)]);
      const call = (id: string) =>
        gus.request<{ code?: string }>(
          method.toUpperCase(),
          path.replace(`{${parameter}}`, encodeURIComponent(id)).replace('{action}', 'disable'),
          { ...(['post', 'put', 'patch'].includes(method) ? { json: {} } : {}) },
        );
      const [forTheirs, forNobody] = [await call(theirs), await call(randomUUID())];
      swept.push(`${method.toUpperCase()} ${path}`);
      if (
        forTheirs.status < 400 ||
        forTheirs.status !== forNobody.status ||
        forTheirs.body?.code !== forNobody.body?.code
      ) {
        leaks.push(
          `${method.toUpperCase()} ${path}: ${forTheirs.status} ${forTheirs.body?.code} vs ${forNobody.status} ${forNobody.body?.code}`,
        );
      }
    }
    expect(swept.length).toBeGreaterThanOrEqual(12);
    expect(leaks).toEqual([]);
    // And the first organisation still sees its own.
    expect((await ada.get(`/api/console/users/${ids.users}`)).status).toBe(200);
  });
});
