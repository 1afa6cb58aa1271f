import type { Commit } from '../src/commit';
import type { OutboxSink } from '../src/outbox-relay';

/** A sink that keeps what the relay handed it, in order: what Kafka would have received. */
export class RecordingSink implements OutboxSink {
  readonly published: Commit[] = [];

  async publish(commits: Commit[]): Promise<void> {
    this.published.push(...commits);
  }

  /** Versions of each aggregate's commits in the order they went out. */
  versionsByAggregate(): Map<string, number[]> {
    const versions = new Map<string, number[]>();
    for (const commit of this.published) {
      versions.set(commit.aggregateId, [
        ...(versions.get(commit.aggregateId) ?? []),
        commit.version,
      ]);
    }
    return versions;
  }
}
