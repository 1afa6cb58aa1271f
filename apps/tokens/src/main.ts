import { Topics } from '@coffer/contracts';
import { CommandHandler } from '@coffer/event-sourcing';
import { startEventSourcedService } from '@coffer/service-kit';

import { apiTokenDecider } from './api-tokens/api-token.decider';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { ApiTokensReadModel } from './api-tokens/api-tokens-read-model';
import { TokenSecrets } from './api-tokens/token-secrets';
import { TokensModule } from './tokens.module';

void startEventSourcedService(
  {
    service: 'tokens',
    ownTopic: Topics.tokensEvents,
    port: (runtime) => runtime.config.ports.tokens,
  },
  async (runtime) => {
    const { store } = runtime;
    const readModel = new ApiTokensReadModel(runtime.db);
    await readModel.ensureIndexes();
    runtime.addReadModel({
      aggregateType: 'api-token',
      collection: readModel.tokens.collectionName,
    });
    const { tokens: settings } = runtime.config;
    const tokens = new CommandHandler(store, apiTokenDecider, {
      // A newer command's write may overtake this one: then the token's whole stream is written.
      project: (events) => readModel.save(events, () => store.readStream(events[0].aggregate.id)),
      nudge: () => runtime.relay.nudge(),
    });
    const service = new ApiTokensService(
      tokens,
      readModel,
      new TokenSecrets(runtime.db, settings),
      { maxLifetimeMs: settings.maxDays * 86_400_000 },
    );
    // Expired tokens stop working at their expiry on every check; the sweep records the event.
    const sweep = setInterval(() => {
      service
        .expireDue()
        .catch((error) => runtime.log.warn({ err: error }, 'token expiry sweep failed'));
    }, settings.sweepMs);
    runtime.onStop(async () => clearInterval(sweep));
    return TokensModule.register(runtime, service);
  },
).catch((error: unknown) => {
  console.error(
    `tokens could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
