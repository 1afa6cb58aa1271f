import { Topics } from '@coffer/contracts';
import { ProjectionCheckpoints, ProjectionRunner } from '@coffer/event-sourcing';
import { startBackendService } from '@coffer/service-kit';

import { AuditModule } from './audit.module';
import { AUDITED_TOPICS } from './audited-topics';
import { OperatorActions } from './rebuild/operator-actions';
import { TrailRebuild } from './rebuild/trail-rebuild';
import { LiveTrail } from './trail/live-trail';

/** Partitions the live trail consumes at once, of the audited topics (3 partitions each by default). */
const PARTITIONS_CONSUMED_CONCURRENTLY = 4;

void startBackendService(
  { service: 'audit', readTopics: AUDITED_TOPICS, port: (runtime) => runtime.config.ports.audit },
  async (runtime) => {
    // Every read and write of the trail is by `_id`: no other index to create.
    const live = new LiveTrail(runtime.db);
    const topics = AUDITED_TOPICS.map((topic) => runtime.topic(topic));
    const runner = new ProjectionRunner(runtime.kafka, live, {
      groupId: `${runtime.config.namespace}.audit-trail`,
      topics,
      checkpoints: new ProjectionCheckpoints(runtime.db),
      // Its chunks are merged across partitions and applied one batch at a time (see BatchMerger).
      partitionsConsumedConcurrently: PARTITIONS_CONSUMED_CONCURRENTLY,
      onDeadLetter: (reason) =>
        runtime.log.warn({ reason }, 'malformed event parked on the dead-letter topic'),
    });
    runtime.runProjection(runner);
    const rebuild = new TrailRebuild(
      runtime.db,
      runtime.kafka,
      topics,
      runtime.topic(Topics.identityEvents),
      `${runtime.config.namespace}.audit-`,
      live,
      new OperatorActions(runtime.db),
      runtime.log,
    );
    return AuditModule.register(runtime, live, rebuild);
  },
).catch((error: unknown) => {
  console.error(`audit could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
