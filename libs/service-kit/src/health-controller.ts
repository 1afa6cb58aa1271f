import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';

import {
  consistencyPattern,
  eventEnvelopeSchema,
  eventsPagePattern,
  projectedPattern,
  serviceStatusPattern,
  type EventEnvelope,
  type EventsPage,
  type ProjectedDifference,
  type ProjectionStatus,
  type ServiceConsistency,
  type ServiceHealth,
  type ServiceStatus,
} from '@coffer/contracts';

import { InvalidCursorError } from '@coffer/event-sourcing';

import { parseRequest } from './request-schemas';
import { ServiceError } from './service-error';
import { ServiceRuntime } from './service-runtime';

const projectedSchema = z.object({ events: z.array(eventEnvelopeSchema).max(5_000) });

const eventsPageSchema = z.object({
  collection: z.string().min(1).max(100),
  after: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(1_000),
});

/**
 * A controller answering `pattern` with the service's dependency health and, for a service
 * that projects, `projectionsPattern` with its projections' positions and lag.
 */
export function healthController(pattern: string, projectionsPattern?: string): Type<unknown> {
  // `identity.health` → `identity.status`, `identity.consistency`, …: every service answers them.
  const service = pattern.replace(/\.health$/, '');
  const statusPattern = serviceStatusPattern(service);

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

    @MessagePattern(consistencyPattern(service))
    consistency(): Promise<ServiceConsistency> {
      return this.runtime.consistency();
    }

    @MessagePattern(projectedPattern(service))
    compareProjected(@Payload() message: unknown): Promise<ProjectedDifference[]> {
      const { events } = parseRequest(projectedSchema, message);
      return this.runtime.compareProjected(events as EventEnvelope[]);
    }

    @MessagePattern(eventsPagePattern(service))
    async eventsPage(@Payload() message: unknown): Promise<EventsPage> {
      const request = parseRequest(eventsPageSchema, message);
      if (!this.runtime.storeCollections().includes(request.collection))
        throw new ServiceError(
          'invalid-request',
          `${service} has no event store ${request.collection}`,
        );
      try {
        return await this.runtime.eventsPage(request);
      } catch (error) {
        if (error instanceof InvalidCursorError)
          throw new ServiceError(
            'invalid-cursor',
            'That cursor is not one this event store gave out.',
          );
        throw error;
      }
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
