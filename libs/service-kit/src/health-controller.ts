import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

import type { ServiceHealth } from '@coffer/contracts';

import { ServiceRuntime } from './service-runtime';

/** A controller answering `pattern` with the service's dependency health. */
export function healthController(pattern: string): Type<unknown> {
  @Controller()
  class HealthController {
    constructor(@Inject(ServiceRuntime) private readonly runtime: ServiceRuntime) {}

    @MessagePattern(pattern)
    health(): Promise<ServiceHealth> {
      return this.runtime.health();
    }
  }
  return HealthController;
}
