import { AsyncLocalStorage } from 'node:async_hooks';

import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';

export interface DbOperation {
  /** The request pattern being answered, e.g. `identity.sign-in`. */
  name: string;
  /** One id per request, so its commands can be counted together. */
  request: string;
}

const current = new AsyncLocalStorage<DbOperation>();
let requests = 0;

/** The request whose work is running now, if any (background work has none). */
export function currentDbOperation(): DbOperation | undefined {
  return current.getStore();
}

/** Runs `work` as one request of `name`: every database command it causes is tagged with it. */
export function runAsDbOperation<T>(name: string, work: () => T): T {
  requests += 1;
  return current.run({ name, request: `${process.pid}:${requests}` }, work);
}

/**
 * Tags every database command a request/response handler causes with the handler's pattern,
 * for the command log. Nest runs the handler when the answer is subscribed to, so the
 * subscription is what runs inside the request's context.
 */
export class DbOperationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const pattern = String(rpc.getContext<{ getPattern?: () => string }>()?.getPattern?.() ?? '');
    return new Observable((subscriber) =>
      runAsDbOperation(pattern || 'unknown', () => next.handle().subscribe(subscriber)),
    );
  }
}
