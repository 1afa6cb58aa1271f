import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

import type { ServiceStatus } from '@coffer/contracts';

import { LATENCY_BUCKETS } from './latency-buckets';
import { StatusGauges } from './status-gauges';

/**
 * One backend service's Prometheus metrics: its request/response calls by pattern and outcome,
 * and, read from its status at scrape time, whether it is up, outbox backlog, consumer lag per
 * partition and queue lengths. Every series carries `service`, so one Prometheus can scrape them
 * all side by side.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<'service' | 'pattern' | 'outcome'>;
  private readonly gauges: StatusGauges;

  constructor(private readonly service: string) {
    collectDefaultMetrics({ register: this.registry, prefix: 'coffer_', labels: { service } });
    this.requests = new Histogram({
      name: 'coffer_rpc_request_duration_seconds',
      help: 'Requests this service answered, by message pattern and outcome (ok or an error code)',
      labelNames: ['service', 'pattern', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.gauges = new StatusGauges(this.registry);
  }

  observeRequest(pattern: string, outcome: string, seconds: number): void {
    this.requests.observe({ service: this.service, pattern, outcome }, seconds);
  }

  /** A counter of the service's own (e.g. identity's sign-in failures by reason); returns its `inc`. */
  counter<Label extends string>(
    name: string,
    help: string,
    labelNames: Label[],
  ): (labels: Record<Label, string>) => void {
    const counter = new Counter<Label | 'service'>({
      name,
      help,
      labelNames: ['service', ...labelNames],
      registers: [this.registry],
    });
    return (labels) => counter.inc({ ...labels, service: this.service });
  }

  /** The Prometheus text, with the gauges set from `status` first. */
  render(status: ServiceStatus): Promise<string> {
    this.gauges.set([status]);
    return this.registry.metrics();
  }
}
