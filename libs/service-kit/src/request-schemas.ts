import { z } from 'zod';

import { ServiceError } from './service-error';

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

/** Validates a request message; a bad one gets a `invalid-request` error naming each problem. */
export function parseRequest<T extends z.ZodTypeAny>(schema: T, message: unknown): z.infer<T> {
  const result = schema.safeParse(message);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  throw new ServiceError('invalid-request', problems.join('; '));
}
