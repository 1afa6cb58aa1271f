import { Module } from '@nestjs/common';

import { ProfilesPatterns, Topics } from '@coffer/contracts';
import { healthController, ServiceRuntime, startBackendService } from '@coffer/service-kit';

@Module({})
class ProfilesModule {}

// Owns its database, its event store and its topic; its domain arrives with its own issue.
void startBackendService(
  {
    service: 'profiles',
    ownTopic: Topics.profilesEvents,
    readTopics: [Topics.identityEvents],
    port: (runtime) => runtime.config.ports.profiles,
  },
  (runtime) => ({
    module: ProfilesModule,
    controllers: [healthController(ProfilesPatterns.health)],
    providers: [{ provide: ServiceRuntime, useValue: runtime }],
  }),
).catch((error: unknown) => {
  console.error(
    `profiles could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
