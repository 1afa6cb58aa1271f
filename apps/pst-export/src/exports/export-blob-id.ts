/**
 * Where part `part` (from 1) of an export's attempt `attempt` is stored. Derived, not random, so
 * that a job's read model can name its blobs again from the attempt it holds when a completion is
 * projected without the command that carried them (see InlineProjections).
 */
export function exportBlobId(exportId: string, attempt: number, part: number): string {
  return `pst-${exportId}-${attempt}-${part}`;
}
