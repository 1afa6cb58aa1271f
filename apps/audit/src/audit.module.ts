import { type DynamicModule, Module } from '@nestjs/common';

import { healthController, ServiceRuntime } from '@coffer/service-kit';

import { AuditController } from './audit.controller';
import { TrailRebuild } from './rebuild/trail-rebuild';
import { LiveTrail } from './trail/live-trail';

@Module({})
export class AuditModule {
  static register(runtime: ServiceRuntime, live: LiveTrail, rebuild: TrailRebuild): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController, healthController('audit', { projections: true })],
      providers: [
        { provide: ServiceRuntime, useValue: runtime },
        { provide: LiveTrail, useValue: live },
        { provide: TrailRebuild, useValue: rebuild },
      ],
    };
  }
}
