import { firstValueFrom } from 'rxjs';

import { serviceAddress, type CofferConfig } from '@coffer/config';
import {
  IdentityPatterns,
  SealedClient,
  SYSTEM_ACTOR,
  type AdministratorRole,
  type AdministratorView,
  type OrganizationView,
  type UserView,
} from '@coffer/contracts';

/**
 * Creates organisations, administrators and users through identity's own command handlers,
 * as the operator's seeding does: what tests and benchmarks start from.
 */
export class IdentitySeeder {
  private readonly identity: SealedClient;
  private readonly context = { actor: SYSTEM_ACTOR, correlationId: 'seed' };

  constructor(config: CofferConfig) {
    this.identity = new SealedClient(serviceAddress(config, 'identity'), config.serviceKeys);
  }

  /** An organisation with one administrator (a cloud administrator unless said otherwise). */
  async organization(
    slug: string,
    administrator: { email: string; password: string; role?: AdministratorRole; name?: string },
  ): Promise<{ organization: OrganizationView; administrator: AdministratorView }> {
    const organization = await this.send<OrganizationView>(IdentityPatterns.createOrganization, {
      name: slug,
      slug,
    });
    const created = await this.send<AdministratorView>(IdentityPatterns.createAdministrator, {
      orgId: organization.id,
      email: administrator.email,
      name: administrator.name ?? administrator.email,
      role: administrator.role ?? 'cloud-administrator',
      password: administrator.password,
    });
    return { organization, administrator: created };
  }

  user(orgId: string, user: { email: string; name: string; password: string }): Promise<UserView> {
    return this.send<UserView>(IdentityPatterns.createUser, { orgId, ...user });
  }

  close(): Promise<void> {
    return this.identity.close();
  }

  private send<Result>(pattern: string, data: Record<string, unknown>): Promise<Result> {
    return firstValueFrom(this.identity.send<Result>(pattern, { context: this.context, ...data }));
  }
}
