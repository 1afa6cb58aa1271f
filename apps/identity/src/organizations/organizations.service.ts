import { randomUUID } from 'node:crypto';

import type { CreateOrganizationRequest, OrganizationView } from '@coffer/contracts';
import type { AggregateRepository } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

import type { IdentityReadModel } from '../shared/identity-read-model';
import type { Reservations } from '../shared/reservations';
import type {
  OrganizationCommand,
  OrganizationEvent,
  OrganizationState,
} from './organization.decider';

export class OrganizationsService {
  constructor(
    private readonly organizations: AggregateRepository<
      OrganizationCommand,
      OrganizationState,
      OrganizationEvent
    >,
    private readonly readModel: IdentityReadModel,
    private readonly reservations: Reservations,
    private readonly onAppended: () => void,
  ) {}

  async create(request: CreateOrganizationRequest): Promise<OrganizationView> {
    const id = randomUUID();
    const key = `organization-slug:${request.slug}`;
    await this.reservations.holdWhile(
      key,
      id,
      new ServiceError(
        'organization-exists',
        `An organisation with the short name "${request.slug}" already exists.`,
      ),
      async () => {
        const { events } = await this.organizations.handle(
          id,
          id,
          { type: 'CreateOrganization', name: request.name, slug: request.slug },
          request.context,
        );
        for (const event of events) await this.readModel.apply(event);
      },
    );
    this.onAppended();
    return { id, name: request.name, slug: request.slug };
  }

  findBySlug(slug: string): Promise<OrganizationView | undefined> {
    return this.readModel.organizationBySlug(slug);
  }
}
