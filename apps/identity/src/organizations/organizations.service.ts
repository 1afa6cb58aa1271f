import { randomUUID } from 'node:crypto';

import type { CreateOrganizationRequest, OrganizationView } from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import type { OrganizationCommands } from '../shared/identity-command-handlers';
import type { IdentityReadModel } from '../shared/identity-read-model';
import type { Reservations } from '../shared/reservations';

export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationCommands,
    private readonly readModel: IdentityReadModel,
    private readonly reservations: Reservations,
    private readonly mfaGraceMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(request: CreateOrganizationRequest): Promise<OrganizationView> {
    const id = randomUUID();
    const key = slugKey(request.slug);
    await this.reservations.holdWhile(
      key,
      id,
      new ServiceError(
        'organization-exists',
        `An organisation with the short name "${request.slug}" already exists.`,
      ),
      () =>
        this.organizations.handle(
          id,
          id,
          {
            type: 'CreateOrganization',
            name: request.name,
            slug: request.slug,
            administratorMfa: {
              requiredForAdministrators: request.administratorMfaRequired,
              graceUntil: request.administratorMfaRequired
                ? new Date(this.now().getTime() + this.mfaGraceMs).toISOString()
                : null,
              requiredForUsers: false,
              usersGraceUntil: null,
            },
          },
          request.context,
          // A new random id: nothing to load.
          { fresh: true },
        ),
    );
    return { id, name: request.name, slug: request.slug };
  }

  /** By the slug's reservation, which names the organisation: two reads by `_id`, no scan. */
  async findBySlug(slug: string): Promise<OrganizationView | undefined> {
    const id = await this.reservations.holder(slugKey(slug));
    return id ? this.readModel.organizationById(id) : undefined;
  }
}

function slugKey(slug: string): string {
  return `organization-slug:${slug}`;
}
