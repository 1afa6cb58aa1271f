import type { CorpusMessage, ExpectedContent } from './mime-corpus';
import { fnv1a64, normaliseText, type ReadBackMessage, sha256 } from './read-back';

/** How much of a message a reader can show; what it cannot show is not held against it. */
export interface ReaderAbilities {
  /**
   * pypff sees an attached message only by its attachment's subject; outlook-pst 1.2.0 cannot
   * open one at all (it fails on PtypObject, see docs/architecture.md), so they are only counted.
   */
  embedded: 'content' | 'subject' | 'count';
  /** The crate opens attachments of top-level messages only (it counts the others). */
  embeddedAttachments: boolean;
  digest: 'sha256' | 'fnv';
}

/** A difference a reader is known to make and that is the reader's, not the file's. */
export type ReaderQuirk = (text: string) => string;

export interface CorpusReport {
  copies: number;
  intact: number;
  /** Per broken copy: which case, where, and the first field that differs. */
  broken: { feature: string; folder: string; position: number; problem: string }[];
}

/** libpff 20180714 decodes characters outside the BMP 0x3FF too low; see docs/architecture.md. */
export const libpffNonBmp: ReaderQuirk = (text) =>
  text.replace(/[\u{10000}-\u{10ffff}]/gu, '\u{fffd}');

/**
 * Compares what a reader shows with what the corpus says, copy by copy: a message labelled
 * twice is two copies. A copy is intact when its folder holds a message, not matched before,
 * that shows everything the corpus says; a broken copy is described against the message at its
 * position, since readers list a folder in the order its contents table holds it.
 */
export function checkCorpus(
  corpus: CorpusMessage[],
  read: ReadBackMessage[],
  abilities: ReaderAbilities,
  quirk: ReaderQuirk = (text) => text,
): CorpusReport {
  const byFolder = new Map<string, ReadBackMessage[]>();
  for (const message of read) {
    byFolder.set(message.folder, [...(byFolder.get(message.folder) ?? []), message]);
  }
  const seen = new Map<string, number>();
  const matched = new Set<ReadBackMessage>();
  const report: CorpusReport = { copies: 0, intact: 0, broken: [] };
  for (const message of corpus) {
    for (const folder of message.folders) {
      const position = seen.get(folder) ?? 0;
      seen.set(folder, position + 1);
      report.copies++;
      const candidates = byFolder.get(folder) ?? [];
      const match = candidates.findIndex(
        (actual) =>
          !matched.has(actual) &&
          compare(message.expected, actual, abilities, quirk, true) === undefined,
      );
      if (match !== -1) {
        matched.add(candidates[match]);
        report.intact++;
        continue;
      }
      const atPosition = candidates[position];
      const problem = atPosition
        ? compare(message.expected, atPosition, abilities, quirk, true)
        : 'message missing';
      report.broken.push({ feature: message.feature, folder, position, problem: problem ?? '' });
    }
  }
  return report;
}

function compare(
  expected: ExpectedContent,
  actual: ReadBackMessage,
  abilities: ReaderAbilities,
  quirk: ReaderQuirk,
  topLevel: boolean,
): string | undefined {
  const same = (field: string, want: string | undefined, got: string | undefined) =>
    (want === undefined ? undefined : quirk(want)) === (got === undefined ? undefined : quirk(got))
      ? undefined
      : `${field}: expected ${JSON.stringify(want)}, read ${JSON.stringify(got)}`;
  const problems = [
    same('subject', expected.subject, actual.subject),
    expected.fromAddress === undefined
      ? undefined
      : same('from address', expected.fromAddress, actual.fromAddress?.toLowerCase()),
    expected.fromName === undefined
      ? undefined
      : same('from name', expected.fromName, actual.fromName),
    expected.text === undefined
      ? actual.text !== undefined && expected.htmlContains === undefined
        ? `text: expected none, read ${JSON.stringify(actual.text)}`
        : undefined
      : same('text', normaliseText(expected.text), actual.text),
    expected.htmlContains === undefined ||
    quirk(actual.html ?? '').includes(quirk(expected.htmlContains))
      ? undefined
      : `html: expected to contain ${JSON.stringify(expected.htmlContains)}, read ${JSON.stringify(actual.html)}`,
  ];
  const found = problems.find((problem) => problem !== undefined);
  if (found) return found;
  if (!topLevel && !abilities.embeddedAttachments) {
    // Only counted: attachments and attached messages alike are rows of the attachment table.
    const want = expected.attachments.length + expected.embedded.length;
    const got = actual.attachments.length + actual.embedded.length;
    return want === got ? undefined : `attachments: expected ${want} rows, read ${got}`;
  }
  {
    const digest = (content: Buffer) =>
      abilities.digest === 'fnv' ? fnv1a64(content) : sha256(content);
    const want = expected.attachments.map((a) => `${quirk(a.name)} ${digest(a.content)}`).sort();
    const got = actual.attachments
      .filter((a) => !(abilities.embedded === 'count' && a.unreadable))
      .map((a) => `${quirk(a.name)} ${abilities.digest === 'fnv' ? a.fnv : a.sha256}`)
      .sort();
    if (JSON.stringify(want) !== JSON.stringify(got))
      return `attachments: expected ${JSON.stringify(want)}, read ${JSON.stringify(got)}`;
  }
  const embeddedRead =
    actual.embedded.length +
    (abilities.embedded === 'count' ? actual.attachments.filter((a) => a.unreadable).length : 0);
  if (expected.embedded.length !== embeddedRead)
    return `attached messages: expected ${expected.embedded.length}, read ${embeddedRead}`;
  if (abilities.embedded === 'count') return undefined;
  for (const [i, embedded] of expected.embedded.entries()) {
    const inner = actual.embedded[i];
    const problem =
      abilities.embedded === 'content'
        ? compare(embedded, inner, abilities, quirk, false)
        : same('attached message subject', embedded.subject, inner.subject);
    if (problem) return `attached message ${i + 1}: ${problem}`;
  }
  return undefined;
}
