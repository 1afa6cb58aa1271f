/** Failures of what follows a command's append (its inline read models), by error object. */
const failuresAfterAppend = new WeakSet<object>();

/**
 * Runs what follows a stored command (its inline read models). A failure is marked, not
 * wrapped, so that it still answers as it would otherwise (a database that went away stays
 * `database-unavailable`) while whatever the events rest on (a reserved email) is kept.
 */
export async function afterAppend(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (typeof error === 'object' && error !== null) failuresAfterAppend.add(error);
    throw error;
  }
}

/** Whether this failure came after the command's events were stored. */
export function failedAfterAppend(error: unknown): boolean {
  return typeof error === 'object' && error !== null && failuresAfterAppend.has(error);
}
