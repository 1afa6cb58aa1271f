import { Module, type DynamicModule } from '@nestjs/common';

import { AuditPatterns } from '@coffer/contracts';
import { healthController, ServiceRuntime } from '@coffer/service-kit';

import { AuditController } from './audit.controller';
import { AuditProjection } from './trail/audit-projection';

@Module({})
export class AuditModule {
  static register(runtime: ServiceRuntime, projection: AuditProjection): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController, healthController(AuditPatterns.health)],
      providers: [
        { provide: ServiceRuntime, useValue: runtime },
        { provide: AuditProjection, useValue: projection },
      ],
    };
  }
}
