import { Module } from '@nestjs/common';

import { TokensPatterns, Topics } from '@coffer/contracts';
import { healthController, ServiceRuntime, startBackendService } from '@coffer/service-kit';

@Module({})
class TokensModule {}

// Owns its database, its event store and its topic; its domain arrives with its own issue.
void startBackendService(
  {
    service: 'tokens',
    ownTopic: Topics.tokensEvents,
    readTopics: [Topics.identityEvents],
    port: (runtime) => runtime.config.ports.tokens,
  },
  (runtime) => ({
    module: TokensModule,
    controllers: [healthController(TokensPatterns.health)],
    providers: [{ provide: ServiceRuntime, useValue: runtime }],
  }),
).catch((error: unknown) => {
  console.error(
    `tokens could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
