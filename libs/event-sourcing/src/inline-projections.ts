import type { Commit } from './commit';

/**
 * Projections tracked at once. Past this the oldest are forgotten, which costs only a needless
 * second projection when the relay reaches them (on a replica that does not hold the relay's
 * lease, nothing else would ever forget them).
 */
const MAX_TRACKED = 10_000;

/** Projects one stored commit again, from its aggregate's latest state. */
export type Reprojector = (commit: Commit) => Promise<void>;

/**
 * Keeps a service's inline read models from falling behind the events that leave for Kafka.
 *
 * A command appends its commit and then writes its read models: separate database commands, so
 * the database or the process can die in between (seen in the fault suite: `kill -9` of the
 * database left a user that profiles counted and identity did not list). The outbox relay
 * settles every batch before publishing it: a commit whose projection ran in this process and
 * succeeded costs nothing; one whose projection failed, or that this process never projected
 * (appended before a restart, or by another replica), is projected again. Read-model writes are
 * versioned, so projecting a commit twice changes nothing.
 */
export class InlineProjections {
  private readonly reprojectors = new Map<string, Reprojector>();
  /** Per commit `_id`: whether the command's own projection succeeded, once it has run. */
  private readonly tracked = new Map<string, Promise<boolean>>();

  /** How commits of one aggregate type are projected again (its command handler's way). */
  register(aggregateType: string, reproject: Reprojector): void {
    this.reprojectors.set(aggregateType, reproject);
  }

  /**
   * Called before a command appends `commitId`, so that a relay reading the commit at once waits
   * for its projection instead of doing it a second time. The caller must call `done`, whatever
   * happens; `projected: false` (the append or the projection failed) leaves it to the relay.
   */
  track(commitId: string): { done: (projected: boolean) => void } {
    let settle!: (projected: boolean) => void;
    const outcome = new Promise<boolean>((resolve) => (settle = resolve));
    if (this.tracked.size >= MAX_TRACKED) this.tracked.delete(this.tracked.keys().next().value!);
    this.tracked.set(commitId, outcome);
    return {
      done: (projected) => {
        settle(projected);
        // Nothing left to wait for: the relay projects it (after a failed append, the commit at
        // this id, if any, is another writer's).
        if (!projected && this.tracked.get(commitId) === outcome) this.tracked.delete(commitId);
      },
    };
  }

  /** Before a batch leaves: every commit in it is in its read models once this returns. */
  async settle(commits: readonly Commit[]): Promise<void> {
    for (const commit of commits) {
      const outcome = this.tracked.get(commit._id);
      const projected = outcome ? await outcome : false;
      if (!projected) await this.reprojectors.get(commit.aggregateType)?.(commit);
      this.tracked.delete(commit._id);
    }
  }
}
