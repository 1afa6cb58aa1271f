import { ProjectionCheckpoints, ProjectionRunner } from '@coffer/event-sourcing';
import { startBackendService } from '@coffer/service-kit';

import { AuditModule } from './audit.module';
import { AUDITED_TOPICS } from './audited-topics';
import { AuditProjection } from './trail/audit-projection';

void startBackendService(
  { service: 'audit', readTopics: AUDITED_TOPICS, port: (runtime) => runtime.config.ports.audit },
  async (runtime) => {
    const projection = new AuditProjection(runtime.db);
    await projection.ensureIndexes();
    const runner = new ProjectionRunner(runtime.kafka, projection, {
      groupId: `${runtime.config.namespace}.audit-trail`,
      topics: AUDITED_TOPICS.map((topic) => runtime.topic(topic)),
      checkpoints: new ProjectionCheckpoints(runtime.db),
      onDeadLetter: (reason) =>
        runtime.log.warn({ reason }, 'malformed event parked on the dead-letter topic'),
    });
    runtime.runProjection(runner);
    return AuditModule.register(runtime, projection);
  },
).catch((error: unknown) => {
  console.error(`audit could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
