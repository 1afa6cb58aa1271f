import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

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
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.');
    if (field && !(field in fields)) fields[field] = issue.message;
  }
  throw new BadRequestException({
    code: 'invalid-request',
    message: problems.join('; '),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  });
}
