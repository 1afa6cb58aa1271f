import { z } from 'zod';

/** The actor and correlation of a command, as every service receives it. */
export const commandContextSchema = z.object({
  actor: z.object({
    type: z.enum(['administrator', 'user', 'system', 'api-token']),
    id: z.string().optional(),
    email: z.string().optional(),
    ip: z.string().optional(),
    userAgent: z.string().optional(),
  }),
  correlationId: z.string().min(1),
  causationId: z.string().optional(),
});

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .email('Enter a valid email address.')
  .max(254);

/** Where a sign-in or other request came from, as the gateway saw it. */
export const clientSchema = z.object({
  ip: z.string().max(100).optional(),
  userAgent: z.string().max(1_000).optional(),
});

export const correlationIdSchema = z.string().min(1).max(200);

/** An organisation's id, always taken from the caller's principal, never from a client. */
export const orgIdSchema = z.string().min(1).max(100);
