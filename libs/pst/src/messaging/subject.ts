/**
 * The subject prefix ([MS-PST] §2.5.3.1.1.2): one to three characters that are neither spaces
 * nor digits, a colon, and the spaces after it ("Re: ", "Fwd: ", "AW: ").
 */
const PREFIX = /^[^\s\d:]{1,3}:[ ]*/u;

export function subjectPrefix(subject: string): string {
  const prefix = PREFIX.exec(subject)?.[0] ?? '';
  // A prefix with nothing after it is the subject itself.
  return prefix.length < subject.length ? prefix : '';
}

/** The subject without its prefix: PidTagNormalizedSubject, and what PidTagConversationTopic holds. */
export function normalizedSubject(subject: string): string {
  return subject.slice(subjectPrefix(subject).length);
}

/**
 * PidTagSubject as a PST stores it ([MS-PST] §2.5.3.1.1.1), and as Outlook writes it: U+0001,
 * then a character whose value is the prefix length plus one, then the subject. The PST derives
 * PidTagSubjectPrefix and PidTagNormalizedSubject from these two characters. Readers strip two
 * characters from any subject that starts below U+0020; without the marker pffexport (which
 * tests a signed char) takes the first byte of a non-ASCII letter for one and drops the letter.
 * An empty subject stays empty.
 */
export function storedSubject(subject: string): string {
  if (subject === '') return '';
  return `\u0001${String.fromCharCode(subjectPrefix(subject).length + 1)}${subject}`;
}
