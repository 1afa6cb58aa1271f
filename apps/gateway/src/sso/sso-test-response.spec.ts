import { ssoTestFailureOf, ssoTestIdOf } from './sso-test-response';

const base64 = (xml: string) => Buffer.from(xml).toString('base64');
const testId = '0190a000-0000-7000-8000-0000000000aa';

describe('a test sign-in response', () => {
  it('is told from a sign-in by any InResponseTo naming a test request', () => {
    expect(ssoTestIdOf(base64(`<Response InResponseTo="_ssotest-${testId}"/>`))).toBe(testId);
    expect(
      ssoTestIdOf(
        base64(
          `<Response InResponseTo="_abc"><A><S InResponseTo="_ssotest-${testId}"/></A></Response>`,
        ),
      ),
    ).toBe(testId);
    expect(ssoTestIdOf(base64('<Response InResponseTo="_abc"/>'))).toBeUndefined();
    expect(ssoTestIdOf(undefined)).toBeUndefined();
  });

  // A character reference hides the prefix from a pattern but not from node-saml, which would
  // then have admitted a test's answer as a sign-in: the check reads the XML as node-saml does.
  it('is found behind a character reference, and a malformed test id is still a test', () => {
    expect(ssoTestIdOf(base64(`<Response InResponseTo="&#95;ssotest-${testId}"/>`))).toBe(testId);
    expect(ssoTestIdOf(base64('<Response InResponseTo="_ssotest-../../x"/>'))).toBeNull();
  });

  it.each([
    ['Invalid signature', 'signature'],
    ['SAML assertion audience mismatch. Expected: a Received: b', 'audience'],
    ['SAML assertion expired: clocks skewed too much', 'clock'],
    ['SAML assertion not yet valid', 'clock'],
    ['No valid subject confirmation found among those available in the SAML assertion', 'clock'],
    ['wrong Destination "https://other.example/acs"', 'destination'],
    ['InResponseTo is not valid', 'request'],
    ['not XML', 'invalid-response'],
  ])('sorts "%s" as %s', (reason, failure) => {
    expect(ssoTestFailureOf(reason)).toBe(failure);
  });
});
