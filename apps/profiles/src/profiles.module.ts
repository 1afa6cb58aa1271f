import { type DynamicModule, Module } from '@nestjs/common';

import { healthController, ServiceRuntime } from '@coffer/service-kit';

import { ProfilesController } from './profiles.controller';
import { ProfilesService } from './profiles/profiles.service';

@Module({})
export class ProfilesModule {
  static register(runtime: ServiceRuntime, profiles: ProfilesService): DynamicModule {
    return {
      module: ProfilesModule,
      controllers: [ProfilesController, healthController('profiles', { projections: true })],
      providers: [
        { provide: ServiceRuntime, useValue: runtime },
        { provide: ProfilesService, useValue: profiles },
      ],
    };
  }
}
