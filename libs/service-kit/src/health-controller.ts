import { Controller, Inject, type Type } from '@nestjs/common';

import {
  type EventEnvelope,
  type MessageService,
  type ParsedRequestOf,
  type ServiceStatusMessages,
  serviceStatusMessages,
} from '@coffer/contracts';
import { InvalidCursorError } from '@coffer/event-sourcing';

import { Handles } from './handles.decorator';
import { ServiceError } from './service-error';
import { ServiceRuntime } from './service-runtime';

/**
 * The controller answering the messages every service answers about itself
 * (`serviceStatusMessages(service)`): health, status, consistency, the checker's pages and, for a
 * service that runs projections, their positions and lag.
 */
export function healthController(
  service: MessageService,
  { projections = false }: { projections?: boolean } = {},
): Type<unknown> {
  const messages: ServiceStatusMessages = serviceStatusMessages(service);

  @Controller()
  class HealthController {
    constructor(@Inject(ServiceRuntime) protected readonly runtime: ServiceRuntime) {}

    @Handles(messages.health)
    health() {
      return this.runtime.checks.health();
    }

    @Handles(messages.status)
    status() {
      return this.runtime.checks.status();
    }

    @Handles(messages.consistency)
    consistency() {
      return this.runtime.checks.consistency();
    }

    @Handles(messages.projected)
    compareProjected({ events }: ParsedRequestOf<typeof messages.projected>) {
      // The schema checked each envelope; payloads stay `unknown` until a read model reads them.
      return this.runtime.checks.compareProjected(events as EventEnvelope[]);
    }

    @Handles(messages.eventsPage)
    async eventsPage(request: ParsedRequestOf<typeof messages.eventsPage>) {
      if (!this.runtime.checks.storeCollections().includes(request.collection))
        throw new ServiceError(
          'invalid-request',
          `${service} has no event store ${request.collection}`,
        );
      try {
        return await this.runtime.checks.eventsPage(request);
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
  if (!projections) return HealthController;

  @Controller()
  class ProjectingHealthController extends HealthController {
    @Handles(messages.projections)
    projections() {
      return this.runtime.checks.projectionStatus();
    }
  }
  return ProjectingHealthController;
}
