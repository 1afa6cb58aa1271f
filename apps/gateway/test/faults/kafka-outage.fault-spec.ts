import { controlInfra, expectLoadRecorded, MixedLoad } from '@coffer/testing';

import { type FaultWorld, startFaultWorld } from './fault-fixture';

/**
 * Every Kafka broker stopped under load, then started again. Commands keep being accepted
 * (events wait in each service's outbox), producers and consumers reconnect by themselves, and
 * afterwards nothing acknowledged is missing from the audit trail or any read model.
 */
describe('Kafka stopped and restarted under load', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await startFaultWorld('kafka-outage');
  });

  afterAll(async () => {
    await world?.close();
  });

  it('recovers by itself and loses nothing acknowledged', async () => {
    const load = new MixedLoad(world.baseUrl, world.accounts);
    load.start();
    let exportId: string | undefined;
    try {
      await load.waitForCommands(15);
      await controlInfra('stop', 'kafka');
      const during = load.commands.length;
      await load.waitForCommands(15);
      const requested = await world.requestExport();
      expect(requested?.status).toBe(201);
      exportId = requested?.body.id;
      // Writes do not need Kafka: the outbox holds the events until it is back.
      expect(
        load.commands
          .slice(during)
          .filter((command) => command.kind === 'create-user' && command.acknowledged).length,
      ).toBeGreaterThan(0);
      await controlInfra('start', 'kafka');
      await load.waitForCommands(15);
    } finally {
      await load.stop();
    }

    await expectLoadRecorded(world.baseUrl, world.accounts, load);
    await world.expectExportCompleted(exportId as string);
    await world.expectConsistent();
  });
});
