/**
 * Each field's first problem, keyed by its path (`profile.name`), from a schema's issues: what the
 * gateway answers in a 400's `fields` and what the console shows beside each field.
 */
export function fieldProblems(
  issues: readonly { path: readonly (string | number)[]; message: string }[],
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.join('.');
    if (field && !(field in problems)) problems[field] = issue.message;
  }
  return problems;
}
