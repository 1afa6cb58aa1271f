import { performance } from 'node:perf_hooks';

import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, tap, throwError } from 'rxjs';

import type { ServiceMetrics } from './service-metrics';

/** Times every request the service answers, by pattern and outcome (`ok` or the error code). */
export class RequestMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ServiceMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const pattern = String(
      context.switchToRpc().getContext<{ getPattern?: () => string }>()?.getPattern?.() ?? '',
    );
    const started = performance.now();
    const observe = (outcome: string) =>
      this.metrics.observeRequest(pattern, outcome, (performance.now() - started) / 1000);
    return next.handle().pipe(
      tap(() => observe('ok')),
      catchError((error: unknown) => {
        const code = (error as { code?: unknown })?.code;
        observe(typeof code === 'string' ? code : 'error');
        return throwError(() => error);
      }),
    );
  }
}
