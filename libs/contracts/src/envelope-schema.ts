import { z } from 'zod';

import type { EventEnvelope } from './envelope';

const actorSchema = z.object({
  type: z.enum(['administrator', 'user', 'system', 'api-token']),
  id: z.string().optional(),
  email: z.string().optional(),
  ip: z.string().optional(),
  userAgent: z.string().optional(),
});

/** Validates an envelope read off a topic; anything that fails goes to the dead-letter topic. */
export const eventEnvelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().regex(/^[a-z-]+(\.[a-z-]+)+$/, 'type must be dot-separated lower-case words'),
  schemaVersion: z.number().int().positive(),
  orgId: z.string().min(1),
  aggregate: z.object({
    type: z.string().min(1),
    id: z.string().min(1),
    version: z.number().int().positive(),
  }),
  occurredAt: z.string().datetime(),
  actor: actorSchema,
  correlationId: z.string().min(1),
  causationId: z.string().optional(),
  payload: z.unknown(),
});

export function parseEventEnvelope(raw: unknown): EventEnvelope {
  return eventEnvelopeSchema.parse(raw) as EventEnvelope;
}
