import { firstValueFrom } from 'rxjs';

import { type CofferConfig, serviceAddress } from '@coffer/config';
import {
  type AdministratorRole,
  type AdministratorView,
  IdentityMessages,
  type MessageDefinition,
  type OrganizationView,
  type RequestOf,
  type ResponseOf,
  SealedClient,
  SYSTEM_ACTOR,
  type UserView,
} from '@coffer/contracts';

/**
 * Creates organisations, administrators and users through identity's own command handlers,
 * as the operator's seeding does: what tests and benchmarks start from.
 */
export class IdentitySeeder {
  // Not service-kit's ServiceClients: service-kit's own tests import this library.
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
    const organization = await this.send(IdentityMessages.organizations.create, {
      context: this.context,
      name: slug,
      slug,
    });
    const created = await this.send(IdentityMessages.administrators.create, {
      context: this.context,
      orgId: organization.id,
      email: administrator.email,
      name: administrator.name ?? administrator.email,
      role: administrator.role ?? 'cloud-administrator',
      password: administrator.password,
    });
    return { organization, administrator: created };
  }

  user(orgId: string, user: { email: string; name: string; password: string }): Promise<UserView> {
    return this.send(IdentityMessages.users.create, { context: this.context, orgId, ...user });
  }

  close(): Promise<void> {
    return this.identity.close();
  }

  /** A message by its definition: the request and the answer typed as it declares them. */
  private send<Definition extends MessageDefinition>(
    definition: Definition,
    request: RequestOf<Definition>,
  ): Promise<ResponseOf<Definition>> {
    return firstValueFrom(this.identity.send<ResponseOf<Definition>>(definition.pattern, request));
  }
}
