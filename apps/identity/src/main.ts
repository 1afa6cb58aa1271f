import { Topics } from '@coffer/contracts';
import { startEventSourcedService } from '@coffer/service-kit';

import { IdentityModule } from './identity.module';
import { AUTH_EVENTS_COLLECTION } from './identity-outboxes';

void startEventSourcedService(
  {
    service: 'identity',
    ownTopic: Topics.identityEvents,
    extraOutboxes: [{ collection: AUTH_EVENTS_COLLECTION, topic: Topics.identityAuth }],
    readTopics: [Topics.profilesEvents],
    port: (runtime) => runtime.config.ports.identity,
  },
  (runtime) => IdentityModule.register(runtime),
).catch((error: unknown) => {
  console.error(
    `identity could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
