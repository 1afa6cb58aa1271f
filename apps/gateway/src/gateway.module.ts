import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';

import type { CofferConfig } from '@coffer/config';

import { AuditTrailController } from './audit/audit-trail.controller';
import { AdministratorBasicAuthGuard } from './auth/administrator-basic-auth.guard';
import { BackendClients } from './backend/backend-clients';
import { HealthController } from './health/health.controller';

@Module({})
export class GatewayModule {
  static register(config: CofferConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            name: 'gateway',
            level: config.logLevel,
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
            ],
          },
        }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [AuditTrailController, HealthController],
      providers: [
        { provide: BackendClients, useValue: new BackendClients(config) },
        AdministratorBasicAuthGuard,
      ],
    };
  }
}
