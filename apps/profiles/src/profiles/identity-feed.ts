import { type EventEnvelope, isIdentityEvent } from '@coffer/contracts';
import { assertNever, type Projection } from '@coffer/event-sourcing';

import type { ProfilesService } from './profiles.service';
import type { ProfilesReadModel } from './profiles-read-model';

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

  async apply(envelope: EventEnvelope): Promise<void> {
    if (!isIdentityEvent(envelope)) return;
    const event = envelope;
    switch (event.type) {
      case 'identity.organization.created':
        await this.profiles.ensureDefaultProfile(event.orgId, {
          actor: { type: 'system' },
          correlationId: event.correlationId,
          causationId: event.id,
        });
        return;
      case 'identity.user.created':
      case 'identity.user.profile-assigned':
        await this.readModel.applyMembership(event);
        return;
      // Nothing profiles keeps depends on these.
      case 'identity.organization.sso-configured':
      case 'identity.organization.sso-enforcement-changed':
      case 'identity.organization.mfa-policy-changed':
      case 'identity.administrator.created':
      case 'identity.administrator.password-reset-requested':
      case 'identity.administrator.fail-safe-password-set':
      case 'identity.administrator.role-changed':
      case 'identity.administrator.disabled':
      case 'identity.administrator.enabled':
      case 'identity.administrator.invited':
      case 'identity.administrator.mfa-enrolled':
      case 'identity.administrator.mfa-reset':
      case 'identity.administrator.recovery-codes-regenerated':
      case 'identity.user.mfa-enrolled':
      case 'identity.user.mfa-reset':
      case 'identity.user.recovery-codes-regenerated':
      case 'identity.administrator.passkey-registered':
      case 'identity.administrator.passkey-removed':
      case 'identity.user.activated':
      case 'identity.user.disabled':
      case 'identity.user.preserved':
      case 'identity.user.invitation-resent':
        return;
      default:
        assertNever(event);
    }
  }
}
