import { z } from 'zod';

import { eventEnvelopeSchema } from '../envelope-schema';
import type { EventsPage, ProjectedDifference, ServiceConsistency } from './consistency-messages';
import { defineMessage, type MessageService } from './message-definition';

export interface DependencyHealth {
  name: string;
  up: boolean;
  detail?: string;
}

export interface ServiceHealth {
  service: string;
  up: boolean;
  dependencies: DependencyHealth[];
}

/** How far one projection has read one partition, for `npm run ops -- projections status`. */
export interface ProjectionPartitionStatus {
  topic: string;
  partition: number;
  /** The next offset the projection will read (its consumer group's committed offset). */
  position: number;
  /** The next offset the topic will write. */
  end: number;
  lag: number;
  /** When the last event it handled in this partition happened. */
  lastEventAt?: string;
}

export interface ProjectionStatus {
  service: string;
  projection: string;
  partitions: ProjectionPartitionStatus[];
}

/** One service at a glance, for `npm run ops -- status`. */
export interface ServiceStatus extends ServiceHealth {
  /** Commits written but not yet on Kafka, per outbox collection. */
  outboxBacklog: Record<string, number>;
  projections: ProjectionStatus[];
  /** Work waiting in the service's own queues, by queue name (e.g. pst-export's `exports`). */
  queues: Record<string, number>;
}

/** A message that carries nothing but its pattern. */
const noArguments = z.object({}).strip();

/**
 * The messages every backend service answers about itself (libs/service-kit's health
 * controller): health, status, projections, and the consistency checker's three.
 */
export function serviceStatusMessages<Service extends MessageService>(service: Service) {
  return {
    health: defineMessage<ServiceHealth>()({
      service,
      pattern: `${service}.health`,
      request: noArguments,
      errors: [],
    }),
    status: defineMessage<ServiceStatus>()({
      service,
      pattern: `${service}.status`,
      request: noArguments,
      errors: [],
    }),
    /** Only a service that runs projections answers it (identity, profiles, audit). */
    projections: defineMessage<ProjectionStatus[]>()({
      service,
      pattern: `${service}.projections.status`,
      request: noArguments,
      errors: [],
    }),
    /** The service's event stores against its own read models. */
    consistency: defineMessage<ServiceConsistency>()({
      service,
      pattern: `${service}.consistency`,
      request: noArguments,
      errors: [],
    }),
    /** Which of these events (another service's) the read models here have not caught up with. */
    projected: defineMessage<ProjectedDifference[]>()({
      service,
      pattern: `${service}.consistency.projected`,
      request: z.object({ events: z.array(eventEnvelopeSchema).max(5_000) }),
      errors: ['invalid-request'],
    }),
    /** One page of one of the service's event stores, in commit order, for the checker. */
    eventsPage: defineMessage<EventsPage>()({
      service,
      pattern: `${service}.events.page`,
      request: z.object({
        collection: z.string().min(1).max(100),
        /** The cursor the previous page returned; absent for the first page. */
        after: z.string().max(500).optional(),
        limit: z.number().int().min(1).max(1_000),
      }),
      errors: ['invalid-request', 'invalid-cursor'],
    }),
  };
}

export type ServiceStatusMessages = ReturnType<typeof serviceStatusMessages>;
