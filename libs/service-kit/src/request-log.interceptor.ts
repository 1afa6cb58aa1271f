import { performance } from 'node:perf_hooks';

import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, tap, throwError } from 'rxjs';

import type { Logger } from './logger';

/**
 * One debug line per request a backend service answers: the pattern, the correlation id the
 * gateway gave the user's action (from the command's context or the request itself), how long
 * it took, and the error code if it failed. Never the payload, which may hold a password.
 */
export class RequestLogInterceptor implements NestInterceptor {
  constructor(private readonly log: Logger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const pattern = String(rpc.getContext<{ getPattern?: () => string }>()?.getPattern?.() ?? '');
    const correlationId = correlationIdIn(rpc.getData<unknown>());
    const started = performance.now();
    const line = (outcome: Record<string, unknown>) =>
      this.log.debug(
        { pattern, correlationId, ms: Math.round(performance.now() - started), ...outcome },
        'request',
      );
    return next.handle().pipe(
      tap(() => line({ ok: true })),
      catchError((error: unknown) => {
        line({ ok: false, code: (error as { code?: unknown })?.code ?? 'error' });
        return throwError(() => error);
      }),
    );
  }
}

function correlationIdIn(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const direct = (data as { correlationId?: unknown }).correlationId;
  const nested = (data as { context?: { correlationId?: unknown } }).context?.correlationId;
  const id = typeof direct === 'string' ? direct : nested;
  return typeof id === 'string' ? id.slice(0, 200) : undefined;
}
