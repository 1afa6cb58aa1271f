import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  type ApiTokenWithSecret,
  IdentityMessages,
  TokensMessages,
  type UserView,
} from '@coffer/contracts';
import { DB_COMMAND_LOG_VARIABLE, type DbCommandRecord } from '@coffer/service-kit';
import { HttpClient, servicesUnderTest } from '@coffer/testing';

import { VERIFIED_TOKEN_TTL_MS } from '../../apps/gateway/src/sessions/verified-tokens';
import { commandsPerRequest } from './commands-per-request';
import { checkDbCommands } from './db-command-check';
import { HOT_PATH_RULES } from './hot-paths';

// Issue 16: a password sign-in cost 9 to 11 database commands and a console command 5 or more,
// some of them scans (users and administrators found by email). This pins the commands each hot
// request may cost, counted by the services' own command log, and that none of them scans.
// An append is two commands since the event store's outbox became markers (a marker, then the
// commit): a sign-in's event and a command's events pay that.
describe('database commands per request', () => {
  const directory = mkdtempSync(join(tmpdir(), 'coffer-db-commands-'));
  const logFile = join(directory, 'commands.jsonl');
  const { baseUrl, seeder } = servicesUnderTest('db-commands', {
    env: { [DB_COMMAND_LOG_VARIABLE]: logFile },
  });
  const password = 'administrator passphrase 7';
  const userPassword = 'user passphrase number 7';
  const admin = new HttpClient(baseUrl);
  let bob: UserView;
  let token: ApiTokenWithSecret;

  const records = (): DbCommandRecord[] =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as DbCommandRecord);

  /** The commands each request of `operation` sent while `work` ran (one entry per request). */
  async function commandsOf(operation: string, work: () => Promise<unknown>): Promise<number[]> {
    const before = records().length;
    await work();
    const requests = new Map<string, number>();
    for (const record of records().slice(before)) {
      if (record.operation !== operation || !record.request) continue;
      requests.set(record.request, (requests.get(record.request) ?? 0) + 1);
    }
    return [...requests.values()];
  }

  const basic = (email: string, secret: string) => ({
    headers: { authorization: `Basic ${Buffer.from(`${email}:${secret}`).toString('base64')}` },
  });

  beforeAll(async () => {
    await seeder.organization('budget', { email: 'ada@budget.test', password });
    expect(
      (await admin.post('/api/console/login', { email: 'ada@budget.test', password })).status,
    ).toBe(200);
    bob = (
      await admin.post<UserView>('/api/console/users', {
        email: 'bob@budget.test',
        name: 'Bob',
        password: userPassword,
      })
    ).body;
    token = (
      await admin.post<ApiTokenWithSecret>('/api/console/api-tokens', {
        name: 'budget',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      })
    ).body;
    // Once each before counting: first uses may create indexes or sweep.
    await new HttpClient(baseUrl).post('/api/portal/login', {
      email: 'bob@budget.test',
      password: userPassword,
    });
    await admin.get('/api/console/users', basic('ada@budget.test', token.secret));
  });

  afterAll(async () => {
    rmSync(directory, { recursive: true, force: true });
  });

  // The sign-in document and the address's lockout counter (one read), the session, the
  // sign-in event (its outbox marker and its commit).
  const SIGN_IN = 1 + 1 + 2;

  it('signs a user in to the portal with 4 commands', async () => {
    const counts = await commandsOf(IdentityMessages.signIn.signIn.pattern, async () => {
      const response = await new HttpClient(baseUrl).post('/api/portal/login', {
        email: 'bob@budget.test',
        password: userPassword,
      });
      expect(response.status).toBe(200);
    });
    expect(counts).toEqual([SIGN_IN]);
  });

  it('signs an administrator in to the console with 4 commands', async () => {
    const counts = await commandsOf(IdentityMessages.signIn.signIn.pattern, async () => {
      const response = await new HttpClient(baseUrl).post('/api/console/login', {
        email: 'ada@budget.test',
        password,
      });
      expect(response.status).toBe(200);
    });
    expect(counts).toEqual([SIGN_IN]);
  });

  it('checks an administrator password without a session (HTTP Basic) with 1 read', async () => {
    const counts = await commandsOf(
      IdentityMessages.signIn.authenticateAdministrator.pattern,
      async () => {
        expect(
          (await admin.get('/api/console/users', basic('ada@budget.test', password))).status,
        ).toBe(200);
      },
    );
    expect(counts).toEqual([1]);
  });

  it('finds a session and its account with 2 reads', async () => {
    const counts = await commandsOf(IdentityMessages.signIn.resolveSession.pattern, async () => {
      expect((await admin.get('/api/console/me')).status).toBe(200);
    });
    expect(counts).toEqual([2]);
  });

  it('authenticates an API token with one command and its owner with one more, then with none for a second', async () => {
    const auth = basic('ada@budget.test', token.secret);
    // Past the gateway's one-second memory of a proven token (VerifiedTokens), which an earlier
    // request may have filled.
    await sleep(VERIFIED_TOKEN_TTL_MS + 100);
    const proveOnce = async () => {
      let owner: number[] = [];
      const counts = await commandsOf(TokensMessages.authenticate.pattern, async () => {
        owner = await commandsOf(IdentityMessages.administrators.getActive.pattern, async () => {
          expect((await admin.get('/api/console/users', auth)).status).toBe(200);
        });
      });
      return { counts, owner };
    };
    expect(await proveOnce()).toEqual({ counts: [1], owner: [1] });
    // Right after, the gateway remembers the proof: neither service is asked.
    expect(await proveOnce()).toEqual({ counts: [], owner: [] });
  });

  // The stream (read once, its tenant checked from it), the outbox marker and the commit, then
  // the users document and the sign-in document, one write each whatever the number of events.
  it('disables and activates a user with 5 commands each', async () => {
    for (const action of ['disable', 'activate']) {
      const counts = await commandsOf(IdentityMessages.users.changeStatus.pattern, async () => {
        const response = await admin.post<UserView>(`/api/console/users/${bob.id}/${action}`);
        expect(response.status).toBeLessThan(300);
      });
      expect(counts).toEqual([1 + 2 + 2]);
    }
  });

  // The secret, the outbox marker and the commit, the token's document (a new id: no stream to read).
  it('creates an API token with 4 commands', async () => {
    const counts = await commandsOf(TokensMessages.create.pattern, async () => {
      const response = await admin.post('/api/console/api-tokens', {
        name: 'another',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect(response.status).toBe(201);
    });
    expect(counts).toEqual([4]);
  });

  it('sent nothing but _id lookups (or allowed, indexed shapes) to the hot collections', () => {
    const all = records();
    console.log(
      commandsPerRequest(all)
        .map(
          (count) =>
            `${count.service} ${count.operation}: ${count.min}..${count.max} ${JSON.stringify(count.commands)}`,
        )
        .join('\n'),
    );
    expect(checkDbCommands(all, HOT_PATH_RULES)).toEqual([]);
  });
});
