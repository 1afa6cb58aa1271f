import { mimeMailboxEntries, type PstPart, readMailboxSource, writePst } from '@coffer/pst';

import { ProgressLine } from './progress-line';

export interface MboxToPstSummary {
  messages: number;
  warnings: number;
  /** Messages the converter repaired (a malformed multipart boundary); counted in warnings too. */
  repaired: number;
  parts: PstPart[];
  seconds: number;
}

/**
 * Converts an mbox file or a folder of .eml files to a PST, offline: Gmail labels become folders,
 * every message is kept (a malformed one as plain text, with a warning on stderr; a repaired one
 * with `message N: repaired: …`).
 */
export async function mboxToPst(
  input: string,
  output: string,
  options: { maxPartBytes?: number } = {},
): Promise<MboxToPstSummary> {
  const started = Date.now();
  const progress = new ProgressLine(process.stderr);
  let warnings = 0;
  let repaired = 0;
  const entries = mimeMailboxEntries(await readMailboxSource(input), {
    onWarning: (number, warning) => {
      warnings++;
      if (warning.startsWith('repaired: ')) repaired++;
      progress.log(`message ${number}: ${warning}`);
    },
  });
  const parts = await writePst(output, entries, {
    onProgress: ({ messages, bytes, part }) =>
      progress.update(
        `${messages} messages, ${(bytes / 1e6).toFixed(1)} MB${part > 1 ? ` (part ${part})` : ''}`,
      ),
    split: options.maxPartBytes
      ? {
          maxBytes: options.maxPartBytes,
          pathOfPart: (part) => output.replace(/(\.pst)?$/i, `-${part}.pst`),
        }
      : undefined,
  });
  progress.done();
  const messages = parts.reduce((sum, part) => sum + part.messages, 0);
  return { messages, warnings, repaired, parts, seconds: (Date.now() - started) / 1000 };
}
