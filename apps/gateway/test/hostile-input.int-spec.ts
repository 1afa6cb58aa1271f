import { request as httpRequest } from 'node:http';

import {
  IdentitySeeder,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

interface RawAnswer {
  status: number;
  body: string;
}

/** Sends bytes exactly as given (fetch would refuse or fix some of them). */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? 'POST', headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * Hostile input at the edge: each is refused with the right status and a `{code, message}`
 * body a person can read — never a 5xx, never a stack trace.
 */
describe('hostile input at the gateway', () => {
  const { env, config } = testEnvironment('hostile');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  let services: ServiceProcesses;

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env });
    await waitForHealthyGateway(baseUrl);
    await seeder.organization('initrode', {
      email: 'ada@initrode.test',
      password: 'administrator passphrase 3',
    });
  });

  afterAll(async () => {
    await seeder.close();
    await services?.stopAll();
  });

  const json = { 'content-type': 'application/json' };
  const expectClearRefusal = (answer: RawAnswer, status: number) => {
    expect(answer.status).toBe(status);
    const body = JSON.parse(answer.body) as { code: string; message: string };
    expect(body).toEqual({ code: expect.any(String), message: expect.any(String) });
    expect(answer.body).not.toMatch(/\bat .*\.js:\d+|Error:|node_modules/);
  };

  it.each([
    ['an oversized body', json, Buffer.from(`{"email":"${'a'.repeat(3 * 1024 * 1024)}"}`), 413],
    ['deeply nested JSON', json, Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`), 400],
    ['malformed JSON', json, Buffer.from('{"email": "ada@initrode.test",'), 400],
    [
      'invalid UTF-8',
      json,
      Buffer.from([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      400,
    ],
    ['the wrong content type', { 'content-type': 'text/plain' }, Buffer.from('email=ada'), 400],
    ['a JSON array instead of an object', json, Buffer.from('[1,2,3]'), 400],
    ['a number where an email goes', json, Buffer.from('{"email": 12, "password": "x"}'), 400],
  ])('refuses %s at sign-in', async (_case, headers, body, status) => {
    expectClearRefusal(await send(`${baseUrl}/api/console/login`, { headers, body }), status);
  });

  it('refuses huge headers before reading them', async () => {
    const answer = await send(`${baseUrl}/api/health`, {
      method: 'GET',
      // Above Node's 16 KiB limit, small enough that the answer arrives before the socket closes.
      headers: { 'x-padding': 'x'.repeat(20 * 1024) },
    });
    expect(answer.status).toBe(431);
  });

  it('answers an unknown address and method with a clear 404', async () => {
    expectClearRefusal(await send(`${baseUrl}/api/nothing-here`, { method: 'DELETE' }), 404);
  });
});
