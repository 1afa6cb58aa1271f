/** Deeper than any request of ours; V8's recursive JSON.parse overflows its stack long after. */
export const MAX_JSON_DEPTH = 64;

/**
 * body-parser's `verify` hook: refuses a JSON body nested deeper than MAX_JSON_DEPTH before it is
 * parsed, since parsing `[[[[…` 200,000 deep throws a RangeError (a 500) instead of a 400. Scans
 * bytes: brackets inside strings do not count, and no UTF-8 sequence contains these ASCII bytes.
 */
export function refuseDeepJson(_request: unknown, _response: unknown, body: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > MAX_JSON_DEPTH)
        throw Object.assign(new Error('JSON nested too deeply'), { status: 400, expose: true });
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
}
