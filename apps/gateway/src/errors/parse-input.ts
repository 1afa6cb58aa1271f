import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

/** Validates query or body input at the edge; the message names each problem. */
export function parseQuery<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  throw new BadRequestException({ code: 'invalid-request', message: problems.join('; ') });
}
