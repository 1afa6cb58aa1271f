import { controlInfra, expectLoadRecorded, MixedLoad } from '@coffer/testing';

import { type FaultWorld, startFaultWorld } from './fault-fixture';

/**
 * One of three brokers killed under load (topics have three replicas, `min.insync.replicas=2`):
 * producers and consumers move to the new partition leaders, nothing acknowledged is lost and no
 * entry appears twice; the broker then rejoins.
 */
describe('one of three Kafka brokers killed under load', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await startFaultWorld('broker-down');
  });

  afterAll(async () => {
    await world?.close();
  });

  it('loses and duplicates nothing', async () => {
    expect(world.env.COFFER_KAFKA_BROKERS?.split(',')).toHaveLength(3);
    const load = new MixedLoad(world.baseUrl, world.accounts);
    load.start();
    try {
      await load.waitForCommands(15);
      await controlInfra('kill', 'kafka-2');
      await load.waitForCommands(30);
      await controlInfra('start', 'kafka');
      await load.waitForCommands(15);
    } finally {
      await load.stop();
    }

    const sent = load.commands.length;
    expect(load.commands.filter((command) => command.acknowledged).length).toBeGreaterThan(
      sent * 0.9,
    );
    await expectLoadRecorded(world.baseUrl, world.accounts, load);
    await world.expectConsistent();
  });
});
