import type { AuditTrailPage, ProfileView, UserView } from '@coffer/contracts';
import {
  expectEventually,
  HttpClient,
  IdentitySeeder,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
  type ServiceName,
} from '@coffer/testing';

/**
 * `kill -9` under a stream of commands: the audit projection, identity (which owns the
 * commands) and the gateway die in turn and come back. Afterwards every command that was
 * acknowledged to its caller exists exactly once — in identity's read model, in the audit trail
 * and in the profiles service's member count — and nothing unacknowledged appeared.
 */
describe('crash recovery', () => {
  const { env, config } = testEnvironment('crash');
  const baseUrl = config.publicUrl;
  const seeder = new IdentitySeeder(config);
  const password = 'administrator passphrase 5';
  let services: ServiceProcesses;
  let admin: HttpClient;

  beforeAll(async () => {
    services = await ServiceProcesses.launch({ env });
    await waitForHealthyGateway(baseUrl);
    await seeder.organization('cyberdyne', { email: 'ada@cyberdyne.test', password });
  });

  afterAll(async () => {
    await seeder.close();
    await services?.stopAll();
  });

  async function signIn() {
    admin = new HttpClient(baseUrl);
    await expectEventually(async () => {
      const answer = await admin.post('/api/console/login', {
        email: 'ada@cyberdyne.test',
        password,
      });
      expect(answer.status).toBe(200);
    });
  }

  async function crashAndRestart(name: ServiceName) {
    await services.stop(name, 'SIGKILL');
    services.start(name);
  }

  it('keeps every acknowledged command exactly once through kill -9 of audit, identity and gateway', async () => {
    await signIn();
    const acknowledged: string[] = [];
    const crashes: Record<number, ServiceName> = { 5: 'audit', 10: 'identity', 15: 'gateway' };
    for (let i = 0; i < 20; i++) {
      const crash = crashes[i];
      if (crash) {
        await crashAndRestart(crash);
        if (crash === 'gateway' || crash === 'identity') {
          // A command sent while it restarts is refused (503, or no connection) or, if the
          // service is back already, acknowledged: either way the caller knows which.
          const during = await admin
            .post('/api/console/users', {
              email: `during${i}@cyberdyne.test`,
              name: 'During a restart',
              password: 'user passphrase number 5',
            })
            .catch(() => undefined);
          if (during?.status === 201) acknowledged.push(`during${i}@cyberdyne.test`);
          await waitForHealthyGateway(baseUrl);
          if (crash === 'gateway') await signIn();
        }
      }
      const email = `user${i}@cyberdyne.test`;
      const answer = await admin.post<UserView>('/api/console/users', {
        email,
        name: `User ${i}`,
        password: 'user passphrase number 5',
      });
      if (answer.status === 201) acknowledged.push(email);
    }
    expect(acknowledged.filter((email) => email.startsWith('user')).length).toBeGreaterThanOrEqual(
      18,
    );
    await waitForHealthyGateway(baseUrl);

    const users = await admin.get<UserView[]>('/api/console/users?limit=500');
    const known = users.body.map((user) => user.email);
    expect(known.sort()).toEqual([...acknowledged].sort());

    await expectEventually(
      async () => {
        const trail = await admin.get<AuditTrailPage>(
          '/api/console/audit-trail?activityType=user-management&limit=500',
        );
        const created = trail.body.entries
          .map(
            (entry) => /has created the user (\S+@cyberdyne\.test)$/.exec(entry.description)?.[1],
          )
          .filter((email): email is string => Boolean(email));
        expect(created.sort()).toEqual([...acknowledged].sort());
      },
      { timeoutMs: 90_000 },
    );
    await expectEventually(
      async () => {
        const profiles = await admin.get<ProfileView[]>('/api/console/profiles');
        const members = profiles.body.find((profile) => profile.isDefault)?.memberCount;
        expect(members).toBe(known.length);
      },
      { timeoutMs: 60_000 },
    );
  });
});
