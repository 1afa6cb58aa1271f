import type { z } from 'zod';

import { ServiceError } from './service-error';

export { commandContextSchema, emailSchema } from '@coffer/contracts';

/** Validates a request message; a bad one gets a `invalid-request` error naming each problem. */
export function parseRequest<T extends z.ZodTypeAny>(schema: T, message: unknown): z.infer<T> {
  const result = schema.safeParse(message);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  throw new ServiceError('invalid-request', problems.join('; '));
}
