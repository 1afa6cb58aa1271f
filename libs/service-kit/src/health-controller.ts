import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

import type { ProjectionStatus, ServiceHealth } from '@coffer/contracts';

import { ServiceRuntime } from './service-runtime';

/**
 * A controller answering `pattern` with the service's dependency health and, for a service
 * that projects, `projectionsPattern` with its projections' positions and lag.
 */
export function healthController(pattern: string, projectionsPattern?: string): Type<unknown> {
  @Controller()
  class HealthController {
    constructor(@Inject(ServiceRuntime) protected readonly runtime: ServiceRuntime) {}

    @MessagePattern(pattern)
    health(): Promise<ServiceHealth> {
      return this.runtime.health();
    }
  }
  if (!projectionsPattern) return HealthController;

  @Controller()
  class ProjectingHealthController extends HealthController {
    @MessagePattern(projectionsPattern)
    projections(): Promise<ProjectionStatus[]> {
      return this.runtime.projectionStatus();
    }
  }
  return ProjectingHealthController;
}
