import type { Commit } from './commit';
import { InlineProjections } from './inline-projections';

function commit(aggregateId: string, version: number, aggregateType = 'user'): Commit {
  return {
    _id: `${aggregateId}:${version}`,
    aggregateId,
    aggregateType,
    orgId: 'org',
    version,
    lastVersion: version,
    committedAt: new Date(0),
    events: [],
  };
}

describe('inline projections, settled before the relay publishes', () => {
  let projections: InlineProjections;
  let projectedAgain: string[];

  beforeEach(() => {
    projections = new InlineProjections();
    projectedAgain = [];
    projections.register('user', async (stored) => {
      projectedAgain.push(stored._id);
    });
  });

  it('leaves a commit alone whose command projected it', async () => {
    projections.track('u1:1').done(true);
    await projections.settle([commit('u1', 1)]);
    expect(projectedAgain).toEqual([]);
  });

  it('projects again a commit whose projection failed, and one it never saw (a restart)', async () => {
    projections.track('u1:1').done(false);
    await projections.settle([commit('u1', 1), commit('u2', 1)]);
    expect(projectedAgain).toEqual(['u1:1', 'u2:1']);
  });

  it('waits for a projection still running rather than doing it twice', async () => {
    const tracking = projections.track('u1:1');
    let settled = false;
    const settling = projections.settle([commit('u1', 1)]).then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    tracking.done(true);
    await settling;
    expect(projectedAgain).toEqual([]);
  });

  it('forgets a settled commit: relayed a second time (its markers survived a crash), it is projected again', async () => {
    await projections.settle([commit('u1', 1)]);
    projections.track('u1:2').done(true);
    await projections.settle([commit('u1', 2)]);
    await projections.settle([commit('u1', 2)]);
    expect(projectedAgain).toEqual(['u1:1', 'u1:2']);
  });

  it('lets a command that lost the race for an id leave the winner tracked', async () => {
    const winner = projections.track('u1:3');
    const loser = projections.track('u1:3');
    loser.done(false);
    winner.done(true);
    await projections.settle([commit('u1', 3)]);
    // The loser's entry replaced the winner's; once it is gone the relay projects again: harmless.
    expect(projectedAgain).toEqual(['u1:3']);
  });

  it('has nothing to do for an aggregate type without inline read models', async () => {
    await projections.settle([commit('t1', 1, 'api-token')]);
    expect(projectedAgain).toEqual([]);
  });
});
