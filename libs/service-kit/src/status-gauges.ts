import { Gauge, type Registry } from 'prom-client';

import type { ServiceStatus } from '@coffer/contracts';

/**
 * The gauges read from a service's status at scrape time — up, outbox backlog, projection lag
 * per partition, queue lengths — labelled `service`. A backend sets its own; the gateway sets
 * every backend's, so one scrape of it sees the whole system.
 */
export class StatusGauges {
  private readonly up: Gauge<'service'>;
  private readonly backlog: Gauge<'service' | 'outbox'>;
  private readonly lag: Gauge<'service' | 'projection' | 'topic' | 'partition'>;
  private readonly queueLength: Gauge<'service' | 'queue'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.up = new Gauge({
      name: 'coffer_service_up',
      help: '1 when a service answers and all its dependencies are up',
      labelNames: ['service'],
      registers,
    });
    this.backlog = new Gauge({
      name: 'coffer_outbox_backlog',
      help: 'Commits written but not yet published to Kafka',
      labelNames: ['service', 'outbox'],
      registers,
    });
    this.lag = new Gauge({
      name: 'coffer_projection_lag',
      help: 'Events on a partition that a projection has not handled yet',
      labelNames: ['service', 'projection', 'topic', 'partition'],
      registers,
    });
    this.queueLength = new Gauge({
      name: 'coffer_queue_length',
      help: "Work waiting in a service's queue, e.g. PST exports requested or being written",
      labelNames: ['service', 'queue'],
      registers,
    });
  }

  /** Replaces every value with these statuses; a service that did not answer is only down. */
  set(statuses: (ServiceStatus | { service: string; up: false })[]): void {
    this.up.reset();
    this.backlog.reset();
    this.lag.reset();
    this.queueLength.reset();
    for (const status of statuses) {
      const { service } = status;
      this.up.set({ service }, status.up ? 1 : 0);
      if (!('outboxBacklog' in status)) continue;
      for (const [outbox, count] of Object.entries(status.outboxBacklog))
        this.backlog.set({ service, outbox }, count);
      for (const projection of status.projections)
        for (const partition of projection.partitions)
          this.lag.set(
            {
              service,
              projection: projection.projection,
              topic: partition.topic,
              partition: String(partition.partition),
            },
            partition.lag,
          );
      for (const [queue, length] of Object.entries(status.queues))
        this.queueLength.set({ service, queue }, length);
    }
  }
}
