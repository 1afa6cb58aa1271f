import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

import { BACKEND_SERVICE_NAMES } from '@coffer/config';
import { type ServiceStatus, serviceStatusMessages } from '@coffer/contracts';
import { LATENCY_BUCKETS, StatusGauges } from '@coffer/service-kit';

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
  private readonly gauges: StatusGauges;

  constructor(private readonly backends: BackendClients) {
    collectDefaultMetrics({ register: this.registry, prefix: 'coffer_gateway_' });
    this.requests = new Histogram({
      name: 'coffer_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.signInFailures = new Counter({
      name: 'coffer_sign_in_failures_total',
      help: 'Refused sign-ins by surface and reason (the error code answered)',
      labelNames: ['surface', 'code'],
      registers: [this.registry],
    });
    this.gauges = new StatusGauges(this.registry);
  }

  /** The Prometheus text, with the backend gauges read from every service first. */
  async render(): Promise<string> {
    this.gauges.set(await this.statuses());
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
        this.backends
          .send(serviceStatusMessages(service).status, {}, { timeoutMs: STATUS_TIMEOUT_MS })
          .catch(() => ({ service, up: false as const })),
      ),
    );
  }
}
