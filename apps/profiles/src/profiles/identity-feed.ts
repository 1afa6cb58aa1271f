import type { EventEnvelope } from '@coffer/contracts';
import type { Projection } from '@coffer/event-sourcing';

import type { ProfilesReadModel } from './profiles-read-model';
import type { ProfilesService } from './profiles.service';

/**
 * What profiles learns from identity's events: a new organisation gets its default profile,
 * and each user's profile membership is kept for member counts.
 */
export class IdentityFeed implements Projection {
  readonly name = 'profiles-identity-feed';

  constructor(
    private readonly profiles: ProfilesService,
    private readonly readModel: ProfilesReadModel,
  ) {}

  async apply(event: EventEnvelope): Promise<void> {
    if (event.type === 'identity.organization.created') {
      await this.profiles.ensureDefaultProfile(event.orgId, {
        actor: { type: 'system' },
        correlationId: event.correlationId,
        causationId: event.id,
      });
      return;
    }
    await this.readModel.apply(event);
  }
}
