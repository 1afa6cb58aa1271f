import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

import { fieldProblems } from '@coffer/contracts';

/**
 * Validates query or body input at the edge. The message names each problem; `fields` gives each
 * field's first one, so a form can show it beside that field.
 */
export function parseQuery<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  const fields = fieldProblems(result.error.issues);
  throw new BadRequestException({
    code: 'invalid-request',
    message: problems.join('; '),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  });
}
