import { setTimeout as sleep } from 'node:timers/promises';

import { HttpClient } from './http-client';

export interface LoadAccounts {
  /** A cloud administrator who creates users over a console session. */
  administrator: { email: string; password: string };
  /** An active user who signs in to the web portal. */
  user: { email: string; password: string };
  /** An API token of the administrator, used with HTTP Basic as scripts do. */
  apiToken: string;
  /** Domain of the users the load creates, unique to the test file. */
  emailDomain: string;
}

/** One command of the load and what its caller was told. */
export interface LoadCommand {
  kind: 'create-user' | 'user-sign-in' | 'token-read';
  /** The created user's email, or the signed-in user's. */
  subject: string;
  /** True when the caller got a success answer: the system promised the command happened. */
  acknowledged: boolean;
  /** The HTTP status; `no answer` when the connection failed, `timed out` after REQUEST_TIMEOUT_MS. */
  answer: number | 'no answer' | 'timed out';
  /** When it was sent, for finding it in the services' logs. */
  sentAt: string;
}

/** Longer than the gateway's own 10 s bound on a backend call: only a hang reaches it. */
const REQUEST_TIMEOUT_MS = 30_000;

const PLAN: LoadCommand['kind'][] = ['create-user', 'user-sign-in', 'token-read'];

/**
 * A steady, bounded stream of mixed commands (users created by an administrator, portal
 * sign-ins, API-token reads) sent one at a time while a fault test breaks things, recording what
 * each caller was told. Steady: one command every `intervalMs`, however fast refusals come back
 * while something is down. Bounded: it ends by itself after `maxCommands` (a third of them user
 * creations, so at most 450 users by default: one page of the users list).
 */
export class MixedLoad {
  readonly commands: LoadCommand[] = [];
  private running?: Promise<void>;
  private stopping = false;
  private created = 0;
  private admin: HttpClient;

  private ended = false;

  constructor(
    private readonly baseUrl: string,
    private readonly accounts: LoadAccounts,
    private readonly options: { maxCommands?: number; intervalMs?: number } = {},
  ) {
    this.admin = new HttpClient(baseUrl);
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Ends the stream after the command in flight; returns what was sent. */
  async stop(): Promise<LoadCommand[]> {
    this.stopping = true;
    await this.running;
    return this.commands;
  }

  /** Waits until at least `count` more commands have been answered (or not) from now. */
  async waitForCommands(count: number, timeoutMs = 60_000): Promise<void> {
    const target = this.commands.length + count;
    const deadline = Date.now() + timeoutMs;
    while (this.commands.length < target) {
      if (this.ended)
        throw new Error(`the load reached its bound of ${this.commands.length} commands`);
      if (Date.now() > deadline)
        throw new Error(`the load sent fewer than ${count} commands in ${timeoutMs / 1000} s`);
      await sleep(50);
    }
  }

  acknowledged(kind: LoadCommand['kind']): LoadCommand[] {
    return this.commands.filter((command) => command.kind === kind && command.acknowledged);
  }

  attempted(kind: LoadCommand['kind']): LoadCommand[] {
    return this.commands.filter((command) => command.kind === kind);
  }

  private async run(): Promise<void> {
    const maxCommands = this.options.maxCommands ?? 1_350;
    const intervalMs = this.options.intervalMs ?? 150;
    const started = Date.now();
    for (let i = 0; i < maxCommands && !this.stopping; i++) {
      const kind = PLAN[i % PLAN.length];
      this.commands.push(await this.send(kind));
      await sleep(Math.max(0, started + (i + 1) * intervalMs - Date.now()));
    }
    this.ended = true;
  }

  private async send(kind: LoadCommand['kind']): Promise<LoadCommand> {
    const { administrator, user, apiToken, emailDomain } = this.accounts;
    const sentAt = new Date().toISOString();
    const answer = async (
      subject: string,
      call: () => Promise<number>,
      success: number,
    ): Promise<LoadCommand> => {
      const status = await call().catch((error: unknown) =>
        (error as Error)?.name === 'TimeoutError' ? ('timed out' as const) : ('no answer' as const),
      );
      return { kind, subject, acknowledged: status === success, answer: status, sentAt };
    };
    const timeoutMs = REQUEST_TIMEOUT_MS;
    switch (kind) {
      case 'create-user': {
        const email = `load${++this.created}@${emailDomain}`;
        return answer(email, () => this.createUser(email), 201);
      }
      case 'user-sign-in':
        return answer(
          user.email,
          async () =>
            (await new HttpClient(this.baseUrl).post('/api/portal/login', user, { timeoutMs }))
              .status,
          200,
        );
      case 'token-read':
        return answer(
          administrator.email,
          async () =>
            (
              await new HttpClient(this.baseUrl).get('/api/console/users?limit=1', {
                headers: {
                  authorization: `Basic ${Buffer.from(`${administrator.email}:${apiToken}`).toString('base64')}`,
                },
                timeoutMs,
              })
            ).status,
          200,
        );
    }
  }

  /** Over the administrator's console session, signing in again when it is gone. */
  private async createUser(email: string): Promise<number> {
    const create = () =>
      this.admin.post(
        '/api/console/users',
        { email, name: `Load ${this.created}`, password: 'load user passphrase 7' },
        { timeoutMs: REQUEST_TIMEOUT_MS },
      );
    let created = await create();
    if (created.status === 401) {
      this.admin = new HttpClient(this.baseUrl);
      const signedIn = await this.admin.post('/api/console/login', this.accounts.administrator, {
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      if (signedIn.status !== 200) return signedIn.status;
      created = await create();
    }
    return created.status;
  }
}
