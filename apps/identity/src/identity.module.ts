import { Module, type DynamicModule } from '@nestjs/common';

import { AggregateRepository } from '@coffer/event-sourcing';
import { IdentityPatterns } from '@coffer/contracts';
import { healthController, ServiceRuntime } from '@coffer/service-kit';

import { administratorDecider } from './administrators/administrator.decider';
import { AdministratorsService } from './administrators/administrators.service';
import { CredentialStore } from './credentials/credential-store';
import { PasswordHasher } from './credentials/password-hasher';
import { IdentityController } from './identity.controller';
import { organizationDecider } from './organizations/organization.decider';
import { OrganizationsService } from './organizations/organizations.service';
import { IdentityReadModel } from './shared/identity-read-model';
import { Reservations } from './shared/reservations';

@Module({})
export class IdentityModule {
  static async register(runtime: ServiceRuntime): Promise<DynamicModule> {
    const store = runtime.store;
    if (!store) throw new Error('identity needs its event store');
    const readModel = new IdentityReadModel(runtime.db);
    await readModel.ensureIndexes();
    const reservations = new Reservations(runtime.db);
    const nudgeRelay = () => runtime.relay?.nudge();
    return {
      module: IdentityModule,
      controllers: [IdentityController, healthController(IdentityPatterns.health)],
      providers: [
        { provide: ServiceRuntime, useValue: runtime },
        {
          provide: AdministratorsService,
          useValue: new AdministratorsService(
            new AggregateRepository(store, administratorDecider),
            readModel,
            reservations,
            new CredentialStore(runtime.db),
            new PasswordHasher(),
            nudgeRelay,
          ),
        },
        {
          provide: OrganizationsService,
          useValue: new OrganizationsService(
            new AggregateRepository(store, organizationDecider),
            readModel,
            reservations,
            nudgeRelay,
          ),
        },
      ],
    };
  }
}
