import { Controller, Inject } from '@nestjs/common';

import { OrganizationsMessages, type ParsedRequestOf } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { OrganizationsService } from './organizations.service';

type Request<Name extends keyof typeof OrganizationsMessages> = ParsedRequestOf<
  (typeof OrganizationsMessages)[Name]
>;

@Controller()
export class OrganizationsController {
  constructor(@Inject(OrganizationsService) private readonly organizations: OrganizationsService) {}

  @Handles(OrganizationsMessages.create)
  create(request: Request<'create'>) {
    return this.organizations.create(request);
  }

  @Handles(OrganizationsMessages.findBySlug)
  async findBySlug(request: Request<'findBySlug'>) {
    return (await this.organizations.findBySlug(request.slug)) ?? null;
  }
}
