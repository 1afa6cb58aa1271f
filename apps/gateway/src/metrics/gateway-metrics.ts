import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import { BACKEND_SERVICE_NAMES } from '@coffer/config';
import { serviceStatusPattern, type ServiceStatus } from '@coffer/contracts';

import { callBackend } from '../backend/backend-call';
import type { BackendClients } from '../backend/backend-clients';

/** A scrape waits this long for each backend's status; a silent one reads as down. */
const STATUS_TIMEOUT_MS = 2_000;

/**
 * The Prometheus metrics of the whole system, served by the gateway at `/metrics`: its own
 * requests (rate, errors and latency per route), sign-in failures by reason, and — gathered from
 * each backend's status at scrape time, since backends speak only TCP — whether each service is
 * up, its outbox backlog and its projections' lag per partition.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;
  private readonly signInFailures: Counter<'surface' | 'code'>;
  private readonly up: Gauge<'service'>;
  private readonly backlog: Gauge<'service' | 'outbox'>;
  private readonly lag: Gauge<'service' | 'projection' | 'topic' | 'partition'>;
  private readonly queueLength: Gauge<'service' | 'queue'>;

  constructor(private readonly backends: BackendClients) {
    collectDefaultMetrics({ register: this.registry, prefix: 'coffer_gateway_' });
    this.requests = new Histogram({
      name: 'coffer_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.signInFailures = new Counter({
      name: 'coffer_sign_in_failures_total',
      help: 'Refused sign-ins by surface and reason (the error code answered)',
      labelNames: ['surface', 'code'],
      registers: [this.registry],
    });
    this.up = new Gauge({
      name: 'coffer_service_up',
      help: '1 when a backend service answers and all its dependencies are up',
      labelNames: ['service'],
      registers: [this.registry],
    });
    this.backlog = new Gauge({
      name: 'coffer_outbox_backlog',
      help: 'Commits written but not yet published to Kafka',
      labelNames: ['service', 'outbox'],
      registers: [this.registry],
    });
    this.lag = new Gauge({
      name: 'coffer_projection_lag',
      help: 'Events on a partition that a projection has not handled yet',
      labelNames: ['service', 'projection', 'topic', 'partition'],
      registers: [this.registry],
    });
    this.queueLength = new Gauge({
      name: 'coffer_queue_length',
      help: "Work waiting in a service's queue, e.g. PST exports requested or being written",
      labelNames: ['service', 'queue'],
      registers: [this.registry],
    });
  }

  /** The Prometheus text, with the backend gauges read from every service first. */
  async render(): Promise<string> {
    const statuses = await this.statuses();
    this.up.reset();
    this.backlog.reset();
    this.lag.reset();
    this.queueLength.reset();
    for (const status of statuses) {
      this.up.set({ service: status.service }, status.up ? 1 : 0);
      if (!('outboxBacklog' in status)) continue;
      for (const [outbox, count] of Object.entries(status.outboxBacklog))
        this.backlog.set({ service: status.service, outbox }, count);
      for (const [queue, length] of Object.entries(status.queues))
        this.queueLength.set({ service: status.service, queue }, length);
      for (const projection of status.projections)
        for (const partition of projection.partitions)
          this.lag.set(
            {
              service: status.service,
              projection: projection.projection,
              topic: partition.topic,
              partition: String(partition.partition),
            },
            partition.lag,
          );
    }
    return this.registry.metrics();
  }

  /** Express middleware timing every request, labelled by the route pattern that served it. */
  middleware() {
    return (request: Request, response: Response, next: NextFunction) => {
      const stop = this.requests.startTimer({ method: request.method });
      response.once('finish', () => {
        const route = (request.route as { path?: string } | undefined)?.path;
        stop({
          route: route ? `${request.baseUrl}${route}` : 'unmatched',
          status: String(response.statusCode),
        });
      });
      next();
    };
  }

  signInRefused(surface: string, code: string): void {
    this.signInFailures.inc({ surface, code });
  }

  private statuses(): Promise<(ServiceStatus | { service: string; up: false })[]> {
    return Promise.all(
      BACKEND_SERVICE_NAMES.map((service) =>
        callBackend<ServiceStatus>(
          this.backends,
          service,
          serviceStatusPattern(service),
          {},
          STATUS_TIMEOUT_MS,
        ).catch(() => ({ service, up: false as const })),
      ),
    );
  }
}
