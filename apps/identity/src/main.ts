import { Topics } from '@coffer/contracts';
import { startBackendService } from '@coffer/service-kit';

import { IdentityModule } from './identity.module';

void startBackendService(
  {
    service: 'identity',
    ownTopic: Topics.identityEvents,
    readTopics: [Topics.identityAuth, Topics.profilesEvents],
    port: (runtime) => runtime.config.ports.identity,
  },
  (runtime) => IdentityModule.register(runtime),
).catch((error: unknown) => {
  console.error(
    `identity could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
