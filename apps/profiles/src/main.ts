import { Topics } from '@coffer/contracts';
import { CommandHandler, ProjectionCheckpoints, ProjectionRunner } from '@coffer/event-sourcing';
import { startEventSourcedService } from '@coffer/service-kit';

import { ProfilesModule } from './profiles.module';
import { IdentityFeed } from './profiles/identity-feed';
import { profileDecider } from './profiles/profile.decider';
import { ProfilesService } from './profiles/profiles.service';
import { ProfilesReadModel } from './profiles/profiles-read-model';

void startEventSourcedService(
  {
    service: 'profiles',
    ownTopic: Topics.profilesEvents,
    readTopics: [Topics.identityEvents],
    port: (runtime) => runtime.config.ports.profiles,
  },
  async (runtime) => {
    const readModel = new ProfilesReadModel(runtime.db);
    await readModel.ensureIndexes();
    runtime.addReadModel({
      aggregateType: 'profile',
      collection: readModel.profiles.collectionName,
    });
    runtime.addProjectedReadModel(readModel.projectedMembers);
    const profiles = new ProfilesService(
      new CommandHandler(runtime.store, profileDecider, {
        project: (events) => readModel.applyOwn(events),
        nudge: () => runtime.relay.nudge(),
      }),
      readModel,
    );
    const feed = new ProjectionRunner(runtime.kafka, new IdentityFeed(profiles, readModel), {
      groupId: `${runtime.config.namespace}.profiles-identity-feed`,
      topics: [runtime.topic(Topics.identityEvents)],
      checkpoints: new ProjectionCheckpoints(runtime.db),
      onDeadLetter: (reason) =>
        runtime.log.warn({ reason }, 'malformed event parked on the dead-letter topic'),
    });
    runtime.runProjection(feed);
    return ProfilesModule.register(runtime, profiles);
  },
).catch((error: unknown) => {
  console.error(
    `profiles could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
