import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const HEADER = 'x-correlation-id';
/** A caller's own id is kept only when it is short and plain: it ends up in logs and events. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The id of one user action, followed across services: the caller's `x-correlation-id` when it
 * gives a sensible one, else a new one. pino-http uses it as the request id of every log line,
 * the answer echoes it, commands carry it into their events and Kafka headers.
 */
export function assignCorrelationId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers[HEADER];
  const id = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
  response.setHeader(HEADER, id);
  return id;
}

/** The request's correlation id, as assigned when it arrived. */
export function correlationIdOf(request: IncomingMessage & { id?: unknown }): string {
  return typeof request.id === 'string' ? request.id : randomUUID();
}
