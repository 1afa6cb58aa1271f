import type { CommandContext } from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import type { IdentityReadModel } from './identity-read-model';

/**
 * Administrators and SSO are a cloud administrator's business: the actor must be an active
 * cloud administrator of this organisation. The system (seeding, operators) may too.
 */
export async function assertCloudAdministrator(
  readModel: IdentityReadModel,
  context: CommandContext,
  orgId: string,
  refusal: string,
): Promise<void> {
  if (context.actor.type === 'system') return;
  const actor = context.actor.id ? await readModel.administratorById(context.actor.id) : undefined;
  if (
    !actor ||
    actor.orgId !== orgId ||
    actor.status !== 'active' ||
    actor.role !== 'cloud-administrator'
  ) {
    throw new ServiceError('forbidden', refusal);
  }
}
