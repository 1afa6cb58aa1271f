import { Module } from '@nestjs/common';

import { PstExportPatterns, Topics } from '@coffer/contracts';
import { healthController, ServiceRuntime, startBackendService } from '@coffer/service-kit';

@Module({})
class PstExportModule {}

// Owns its database, its event store and its topic; its domain arrives with its own issue.
void startBackendService(
  {
    service: 'pst-export',
    ownTopic: Topics.pstExportEvents,
    readTopics: [Topics.identityEvents],
    port: (runtime) => runtime.config.ports.pstExport,
  },
  (runtime) => ({
    module: PstExportModule,
    controllers: [healthController(PstExportPatterns.health)],
    providers: [{ provide: ServiceRuntime, useValue: runtime }],
  }),
).catch((error: unknown) => {
  console.error(
    `pst-export could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
