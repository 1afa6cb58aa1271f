import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

import {
  serviceStatusPattern,
  type ProjectionStatus,
  type ServiceHealth,
  type ServiceStatus,
} from '@coffer/contracts';

import { ServiceRuntime } from './service-runtime';

/**
 * A controller answering `pattern` with the service's dependency health and, for a service
 * that projects, `projectionsPattern` with its projections' positions and lag.
 */
export function healthController(pattern: string, projectionsPattern?: string): Type<unknown> {
  // `identity.health` → `identity.status`: every service answers both.
  const statusPattern = serviceStatusPattern(pattern.replace(/\.health$/, ''));

  @Controller()
  class HealthController {
    constructor(@Inject(ServiceRuntime) protected readonly runtime: ServiceRuntime) {}

    @MessagePattern(pattern)
    health(): Promise<ServiceHealth> {
      return this.runtime.health();
    }

    @MessagePattern(statusPattern)
    status(): Promise<ServiceStatus> {
      return this.runtime.status();
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
