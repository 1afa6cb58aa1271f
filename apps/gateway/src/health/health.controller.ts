import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

import { BACKEND_SERVICE_NAMES, type BackendServiceName as BackendName } from '@coffer/config';
import { serviceStatusMessages } from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { Public } from '../sessions/public.decorator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(BackendClients) private readonly backends: BackendClients,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Health of every backend service and of their database and Kafka connections',
  })
  @Public('load balancers and operators read health without credentials')
  check() {
    return this.health.check(BACKEND_SERVICE_NAMES.map((name) => () => this.checkService(name)));
  }

  private async checkService(name: BackendName) {
    const indicator = this.indicators.check(name);
    try {
      const health = await this.backends.send(
        serviceStatusMessages(name).health,
        {},
        { timeoutMs: 3_000 },
      );
      const dependencies = Object.fromEntries(
        health.dependencies.map((d) => [d.name, d.up ? 'up' : (d.detail ?? 'down')]),
      );
      return health.up ? indicator.up(dependencies) : indicator.down(dependencies);
    } catch {
      return indicator.down({ reachable: false });
    }
  }
}
