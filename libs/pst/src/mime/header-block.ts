import { decodeCharset, isValidUtf8 } from './header-charset';

/** Where a message's header block ends: just after the empty line, or the end when it has none. */
export function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return raw.length;
  if (crlf === -1 || (lf !== -1 && lf < crlf)) return lf + 2;
  return crlf + 4;
}

/** A header field's value with its folding undone, or undefined when the header is absent. */
export function headerValue(head: string, name: string): string | undefined {
  const match = new RegExp(`^${name}:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'im').exec(head);
  return match?.[1].replace(/\r?\n(?=[ \t])/g, '').trim();
}

/** A parameter of a structured header value (`boundary`, `charset`), quoted or not. */
export function headerParameter(value: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * Rewrites every header line holding bytes outside ASCII as UTF-8: kept as it is when it is
 * valid UTF-8 (RFC 6532), otherwise decoded from the charset the message declares, or from
 * Latin-1. mailparser then reads them right: it decodes all header bytes as UTF-8.
 */
export function headersAsUtf8(raw: Buffer): Buffer {
  const end = headerEnd(raw);
  const head = raw.subarray(0, end);
  if (!head.some((byte) => byte >= 0x80)) return raw;
  const contentType = headerValue(head.toString('latin1'), 'Content-Type');
  const charset = contentType ? headerParameter(contentType, 'charset') : undefined;
  const lines: Buffer[] = [];
  let start = 0;
  while (start < head.length) {
    const newline = head.indexOf(0x0a, start);
    const stop = newline === -1 ? head.length : newline + 1;
    const line = head.subarray(start, stop);
    lines.push(
      line.some((byte) => byte >= 0x80) && !isValidUtf8(line)
        ? Buffer.from(decodeCharset(line, charset), 'utf8')
        : line,
    );
    start = stop;
  }
  return Buffer.concat([...lines, raw.subarray(end)]);
}
