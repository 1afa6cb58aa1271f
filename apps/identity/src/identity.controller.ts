import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';

import { IdentityPatterns } from '@coffer/contracts';

import { AdministratorsService } from './administrators/administrators.service';
import { OrganizationsService } from './organizations/organizations.service';
import { commandContextSchema, emailSchema, parseRequest } from './shared/request-schemas';

const createOrganizationSchema = z.object({
  context: commandContextSchema,
  name: z.string().trim().min(1, 'Enter the organisation name.').max(200),
  slug: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{1,62}$/,
      'The short name uses lower-case letters, digits and dashes (2 to 63).',
    ),
});

const createAdministratorSchema = z.object({
  context: commandContextSchema,
  orgId: z.string().min(1),
  email: emailSchema,
  name: z.string().trim().min(1, 'Enter the administrator name.').max(200),
  role: z.enum(['cloud-administrator', 'product-administrator']),
  password: z.string(),
});

const authenticateSchema = z.object({ email: z.string().max(1_000), password: z.string() });

@Controller()
export class IdentityController {
  constructor(
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(AdministratorsService) private readonly administrators: AdministratorsService,
  ) {}

  @MessagePattern(IdentityPatterns.createOrganization)
  createOrganization(@Payload() message: unknown) {
    return this.organizations.create(parseRequest(createOrganizationSchema, message));
  }

  @MessagePattern(IdentityPatterns.findOrganizationBySlug)
  async findOrganizationBySlug(@Payload() message: unknown) {
    const { slug } = parseRequest(z.object({ slug: z.string() }), message);
    return (await this.organizations.findBySlug(slug)) ?? null;
  }

  @MessagePattern(IdentityPatterns.createAdministrator)
  createAdministrator(@Payload() message: unknown) {
    return this.administrators.create(parseRequest(createAdministratorSchema, message));
  }

  @MessagePattern(IdentityPatterns.authenticateAdministrator)
  authenticateAdministrator(@Payload() message: unknown) {
    return this.administrators.authenticate(parseRequest(authenticateSchema, message));
  }
}
