import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';

import { SSO_TEST_REQUEST_PREFIX, type SsoTestFailure } from '@coffer/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The test a SAML response answers, read before anything is verified: any InResponseTo in it
 * (the response's or a subject confirmation's) that names a test's AuthnRequest sends it down
 * the test path, which never opens a session. Read with an XML parser, not a pattern, so a
 * character reference cannot hide the prefix from this check and still reach node-saml as it.
 * Undefined for a sign-in's response; null for a test's that names no test id we could issue.
 */
export function ssoTestIdOf(samlResponse: unknown): string | null | undefined {
  if (typeof samlResponse !== 'string') return undefined;
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  const document = new DOMParser({
    errorHandler: { warning: () => undefined, error: () => undefined, fatalError: () => undefined },
  }).parseFromString(xml, 'text/xml');
  if (!document?.documentElement) return undefined;
  const values = (xpath.select('//@InResponseTo', document as unknown as Node) as Attr[]).map(
    (attribute) => attribute.value,
  );
  const test = values.find((value) => value.startsWith(SSO_TEST_REQUEST_PREFIX));
  if (test === undefined) return undefined;
  const testId = test.slice(SSO_TEST_REQUEST_PREFIX.length);
  // A prefix with something else after it is still a test's (refused), never a sign-in.
  return UUID.test(testId) ? testId.toLowerCase() : null;
}

/** node-saml's and our own refusals, sorted into what the console explains. */
export function ssoTestFailureOf(reason: string): SsoTestFailure {
  if (/signature|signed/i.test(reason)) return 'signature';
  if (/audience/i.test(reason)) return 'audience';
  // node-saml says "no valid subject confirmation" when every confirmation is out of its time window.
  if (
    /not yet valid|expired|too old|clock|never expires|no valid subject confirmation/i.test(reason)
  )
    return 'clock';
  if (/destination|recipient/i.test(reason)) return 'destination';
  if (/inresponseto/i.test(reason)) return 'request';
  return 'invalid-response';
}

/** The attributes of a verified assertion as lists of strings, bounded for storage. */
export function attributesOf(attributes: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!attributes || typeof attributes !== 'object') return result;
  for (const [name, value] of Object.entries(attributes).slice(0, 100)) {
    const values = (Array.isArray(value) ? value : [value])
      .filter((item): item is string => typeof item === 'string')
      .slice(0, 50)
      .map((item) => item.slice(0, 2_000));
    result[name.slice(0, 500)] = values;
  }
  return result;
}
