import { headerEnd, headerParameter, headerValue } from './header-block';
import { isValidUtf8 } from './header-charset';

export interface MultipartRepair {
  /** The message to parse: the input, or the input with its Content-Type header rewritten. */
  raw: Buffer;
  /** What was wrong and what was done, when something was. */
  repair?: string;
}

/** RFC 2046 boundary characters; a boundary does not end in a space. */
const BCHAR = "[0-9A-Za-z'()+_,\\-./:=?]";
const DELIMITER = new RegExp(`^--(${BCHAR}(?:[0-9A-Za-z'()+_,\\-./:=? ]{0,68}${BCHAR})?)[ \\t]*$`);
const HEADER_LINE = /^[!-9;-~]+:/;

/**
 * A multipart message whose parts the parser cannot find loses its body: the declared boundary
 * is not in the body, or none is declared. When the body has delimiter lines of another
 * boundary, that one is used; otherwise the body is kept as plain text. Only the top-level
 * Content-Type is checked; the repair is reported so that imports can say so.
 */
export function repairMultipart(raw: Buffer): MultipartRepair {
  const end = headerEnd(raw);
  const head = raw.subarray(0, end).toString('latin1');
  const contentType = headerValue(head, 'Content-Type');
  const mediaType = contentType?.split(';', 1)[0].trim().toLowerCase();
  if (!contentType || !mediaType?.startsWith('multipart/')) return { raw };
  const declared = headerParameter(contentType, 'boundary');
  const body = raw.subarray(end);
  const lines = body.toString('latin1').split(/\r?\n/);
  if (declared !== undefined && lines.some((line) => isDelimiterOf(line, declared))) return { raw };
  const missing =
    declared === undefined
      ? 'multipart without a boundary'
      : `boundary "${declared}" not in the body`;
  const found = boundaryInBody(lines);
  if (found !== undefined) {
    return {
      raw: withContentType(raw, end, `${mediaType}; boundary="${found}"`),
      repair: `${missing}; used the boundary "${found}" the body has`,
    };
  }
  const charset = isValidUtf8(body) ? 'utf-8' : 'iso-8859-1';
  return {
    raw: withContentType(raw, end, `text/plain; charset=${charset}`),
    repair: `${missing} and no parts found; kept the body as plain text`,
  };
}

function isDelimiterOf(line: string, boundary: string): boolean {
  return line.startsWith(`--${boundary}`) && /^(--)?[ \t]*$/.test(line.slice(boundary.length + 2));
}

/** The first boundary the body uses: a delimiter line followed by a header or closed later. */
function boundaryInBody(lines: string[]): string | undefined {
  for (const [i, line] of lines.entries()) {
    const candidate = DELIMITER.exec(line)?.[1]?.replace(/--$/, '');
    if (!candidate) continue;
    const opensPart = HEADER_LINE.test(lines[i + 1] ?? '');
    const uses = lines.filter((other) => other.trimEnd().replace(/--$/, '') === `--${candidate}`);
    if (opensPart && uses.length >= 2) return candidate;
  }
  return undefined;
}

function withContentType(raw: Buffer, end: number, value: string): Buffer {
  const head = raw.subarray(0, end).toString('latin1');
  const rewritten = head.replace(
    /^Content-Type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im,
    `Content-Type: ${value}`,
  );
  return Buffer.concat([Buffer.from(rewritten, 'latin1'), raw.subarray(end)]);
}
