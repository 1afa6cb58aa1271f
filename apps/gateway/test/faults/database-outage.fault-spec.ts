import { controlInfra, expectLoadRecorded, HttpClient, MixedLoad } from '@coffer/testing';

import { type FaultWorld, startFaultWorld } from './fault-fixture';

/**
 * The database stopped under load: health says so, writes are refused at once with `503` and a
 * message a person understands (never a hang or a stack trace), and once it is back every service
 * recovers by itself with nothing acknowledged lost.
 */
describe('the database stopped and restarted under load', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await startFaultWorld('db-outage');
  });

  afterAll(async () => {
    await world?.close();
  });

  it('refuses with 503 while it is down and recovers by itself', async () => {
    const load = new MixedLoad(world.baseUrl, world.accounts);
    load.start();
    try {
      await load.waitForCommands(15);
      await controlInfra('stop', 'mongodb');

      const health = await fetch(`${world.baseUrl}/api/health`);
      expect(health.status).toBe(503);

      const admin = new HttpClient(world.baseUrl);
      const started = Date.now();
      const refused = await admin.post<{ code: string; message: string }>('/api/console/login', {
        ...world.accounts.administrator,
      });
      const tookMs = Date.now() - started;
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({
        code: 'database-unavailable',
        message: 'The identity service cannot reach its database right now; try again shortly.',
      });
      expect(refused.text).not.toMatch(/Mongo|at \w+ \(|\.ts:\d+/);
      // Refused, not left hanging until some far-off timeout.
      expect(tookMs).toBeLessThan(9_000);

      await load.waitForCommands(6);
      await controlInfra('start', 'mongodb');
      await world.waitUntilHealthy();
      await load.waitForCommands(15);
    } finally {
      await load.stop();
    }

    const refusedDuringOutage = load.commands.filter((command) => command.answer === 503);
    expect(refusedDuringOutage.length).toBeGreaterThan(0);
    await expectLoadRecorded(world.baseUrl, world.accounts, load);
    const requested = await world.requestExport();
    expect(requested?.status).toBe(201);
    await world.expectExportCompleted(requested?.body.id as string);
    await world.expectConsistent();
  });
});

// The embedded engine commits every write before it answers: a database process killed with no
// warning (kill -9) mid-load loses nothing it acknowledged. A world of its own, so the load's
// record is this test's alone.
describe('the database killed under load', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await startFaultWorld('db-kill');
  });

  afterAll(async () => {
    await world?.close();
  });

  it('loses no acknowledged write', async () => {
    const load = new MixedLoad(world.baseUrl, world.accounts);
    load.start();
    try {
      await load.waitForCommands(30);
      await controlInfra('kill', 'mongodb');
      await load.waitForCommands(3);
      await controlInfra('start', 'mongodb');
      await world.waitUntilHealthy();
      await load.waitForCommands(15);
    } finally {
      await load.stop();
    }
    expect(
      load.commands.filter((command) => command.kind === 'create-user' && command.acknowledged)
        .length,
    ).toBeGreaterThan(5);
    await expectLoadRecorded(world.baseUrl, world.accounts, load);
    await world.expectConsistent();
  });
});
