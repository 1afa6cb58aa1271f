/**
 * Header bytes outside ASCII, as real mail has them: raw UTF-8 (RFC 6532), raw bytes of the
 * message's declared charset, or of no declared charset at all (read as Latin-1).
 */

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Decodes bytes in a charset Node knows (WHATWG labels), or as Latin-1 when it knows none. */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  if (charset) {
    try {
      return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
    } catch {
      // An unknown label: fall through to Latin-1.
    }
  }
  return Buffer.from(bytes).toString('latin1');
}

/** UTF-8 when the bytes are valid UTF-8, else the declared charset, else Latin-1. */
export function decodeHeaderBytes(bytes: Uint8Array, declaredCharset?: string): string {
  return isValidUtf8(bytes) ? UTF8.decode(bytes) : decodeCharset(bytes, declaredCharset);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bqBQ])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded words (`=?UTF-8?Q?Wa=C5=BCne?=`); the space between two adjacent
 * encoded words is not part of the text.
 */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[bqBQ]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(ENCODED_WORD, (_, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toLowerCase() === 'b'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9a-fA-F]{2})/g, (_m, hex: string) =>
                  String.fromCharCode(parseInt(hex, 16)),
                ),
              'latin1',
            );
      // RFC 2231 allows a language after the charset: `UTF-8*en`.
      return decodeCharset(bytes, charset.split('*')[0]);
    });
}
