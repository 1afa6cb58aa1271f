import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { ServiceStatus } from '@coffer/contracts';

/**
 * One backend service's Prometheus metrics: its request/response calls by pattern and outcome,
 * and, read from its status at scrape time, outbox backlog, consumer lag per partition and queue
 * lengths. Every series carries `service`, so one Prometheus can scrape them all side by side.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<'pattern' | 'outcome'>;
  private readonly up: Gauge;
  private readonly backlog: Gauge<'outbox'>;
  private readonly lag: Gauge<'projection' | 'topic' | 'partition'>;
  private readonly queueLength: Gauge<'queue'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'coffer_' });
    this.requests = new Histogram({
      name: 'coffer_rpc_request_duration_seconds',
      help: 'Requests this service answered, by message pattern and outcome (ok or an error code)',
      labelNames: ['pattern', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.up = new Gauge({
      name: 'coffer_service_up',
      help: '1 when every dependency of this service is up',
      registers: [this.registry],
    });
    this.backlog = new Gauge({
      name: 'coffer_outbox_backlog',
      help: 'Commits written but not yet published to Kafka',
      labelNames: ['outbox'],
      registers: [this.registry],
    });
    this.lag = new Gauge({
      name: 'coffer_projection_lag',
      help: 'Events on a partition that a projection has not handled yet',
      labelNames: ['projection', 'topic', 'partition'],
      registers: [this.registry],
    });
    this.queueLength = new Gauge({
      name: 'coffer_queue_length',
      help: 'Work waiting in a queue of this service',
      labelNames: ['queue'],
      registers: [this.registry],
    });
  }

  observeRequest(pattern: string, outcome: string, seconds: number): void {
    this.requests.observe({ pattern, outcome }, seconds);
  }

  /** A counter of the service's own, e.g. identity's sign-in failures by reason. */
  counter<Label extends string>(name: string, help: string, labelNames: Label[]): Counter<Label> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** The Prometheus text, with the gauges set from `status` first. */
  render(status: ServiceStatus): Promise<string> {
    this.up.set(status.up ? 1 : 0);
    this.backlog.reset();
    this.lag.reset();
    this.queueLength.reset();
    for (const [outbox, count] of Object.entries(status.outboxBacklog))
      this.backlog.set({ outbox }, count);
    for (const projection of status.projections)
      for (const partition of projection.partitions)
        this.lag.set(
          {
            projection: projection.projection,
            topic: partition.topic,
            partition: String(partition.partition),
          },
          partition.lag,
        );
    for (const [queue, length] of Object.entries(status.queues))
      this.queueLength.set({ queue }, length);
    return this.registry.metrics();
  }
}
