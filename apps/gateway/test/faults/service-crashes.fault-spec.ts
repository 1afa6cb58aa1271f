import { ALL_SERVICES, expectLoadRecorded, MixedLoad } from '@coffer/testing';

import { type FaultWorld, startFaultWorld } from './fault-fixture';

/**
 * `kill -9` of every service in turn — gateway, identity, profiles, tokens, the PST export
 * worker, audit — under a steady mixed load, each restarted. Afterwards every acknowledged
 * command is recorded exactly once, every read model agrees with its events, and the export that
 * was running when its worker died completes.
 */
describe('every service killed in turn under load', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await startFaultWorld('crashes');
  });

  afterAll(async () => {
    await world?.close();
  });

  it('loses and duplicates nothing that was acknowledged', async () => {
    const load = new MixedLoad(world.baseUrl, world.accounts);
    load.start();
    let exportId: string | undefined;
    try {
      for (const service of ALL_SERVICES) {
        await load.waitForCommands(12);
        if (service === 'pst-export') {
          const requested = await world.requestExport();
          expect(requested?.status).toBe(201);
          exportId = requested?.body.id;
        }
        await world.services.stop(service, 'SIGKILL');
        // Commands keep coming while it is down: refused, or accepted by what still runs.
        await load.waitForCommands(3);
        world.services.start(service);
        await world.waitUntilHealthy();
      }
      await load.waitForCommands(12);
    } finally {
      await load.stop();
    }

    expect(load.acknowledged('create-user').length).toBeGreaterThan(20);
    expect(load.acknowledged('user-sign-in').length).toBeGreaterThan(20);
    expect(load.acknowledged('token-read').length).toBeGreaterThan(20);
    await expectLoadRecorded(world.baseUrl, world.accounts, load);
    await world.expectExportCompleted(exportId as string);
    await world.expectConsistent();
  });
});
