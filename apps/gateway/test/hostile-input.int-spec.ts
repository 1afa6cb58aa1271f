import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { servicesUnderTest } from '@coffer/testing';

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
 * A client that opens a connection, sends `head`, then trickles `trickle` one byte every 300 ms
 * (slowloris); resolves with what the server sent back once it closed the connection, or
 * rejects after `giveUpMs`.
 */
function trickle(
  url: string,
  head: string,
  trickle: string,
  giveUpMs: number,
): Promise<{ answer: string; afterMs: number }> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    let sent = 0;
    const ticker = setInterval(() => {
      if (sent < trickle.length && !socket.destroyed) socket.write(trickle[sent++]);
    }, 300);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server still held the connection after ${giveUpMs} ms`));
    }, giveUpMs);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(ticker);
      clearTimeout(giveUp);
      resolve({ answer: Buffer.concat(received).toString('utf8'), afterMs: Date.now() - started });
    });
    socket.write(head);
  });
}

/**
 * Hostile input at the edge: each is refused with the right status and a `{code, message}`
 * body a person can read — never a 5xx, never a stack trace.
 */
describe('hostile input at the gateway', () => {
  // Short bounds on slow clients, so the slowloris cases end quickly.
  const { baseUrl, seeder } = servicesUnderTest('hostile', {
    env: { COFFER_HTTP_HEADERS_TIMEOUT_SECONDS: '2', COFFER_HTTP_REQUEST_TIMEOUT_SECONDS: '4' },
  });

  beforeAll(async () => {
    await seeder.organization('initrode', {
      email: 'ada@initrode.test',
      password: 'administrator passphrase 3',
    });
  });

  const json = { 'content-type': 'application/json' };
  const expectClearRefusal = (answer: RawAnswer, status: number) => {
    expect(answer.status).toBe(status);
    const { fields, ...body } = JSON.parse(answer.body) as {
      code: string;
      message: string;
      fields?: Record<string, unknown>;
    };
    expect(body).toEqual({ code: expect.any(String), message: expect.any(String) });
    // A 400 of a wrong shape names each field's problem for forms, as sentences.
    for (const problem of Object.values(fields ?? {})) expect(typeof problem).toBe('string');
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

  it('cuts off a client that trickles its headers (slowloris) with 408', async () => {
    const { answer, afterMs } = await trickle(
      baseUrl,
      'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      'X-Slow: ' + 'a'.repeat(200),
      15_000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeLessThan(8_000);
  });

  it('cuts off a client that trickles its body with 408', async () => {
    const body = JSON.stringify({ email: 'ada@initrode.test', password: 'x'.repeat(80) });
    const { answer, afterMs } = await trickle(
      baseUrl,
      'POST /api/console/login HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
      20_000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeLessThan(12_000);
  });

  it('keeps an idle connection open past Node’s 5 s, so a busy client never writes into a closed one', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ keepAlive?: string; reused: boolean }>((resolve, reject) => {
        const request = httpRequest(`${baseUrl}/api/health`, { agent }, (response) => {
          response.resume();
          response.on('end', () =>
            resolve({
              keepAlive: response.headers['keep-alive']?.toString(),
              reused: request.reusedSocket,
            }),
          );
        });
        request.on('error', reject);
        request.end();
      });
    try {
      const first = await get();
      expect(first).toEqual({ keepAlive: 'timeout=65', reused: false });
      await sleep(6_000);
      expect((await get()).reused).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
