import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';

/** What node-saml hands over once the signature, issuer, audience, times and InResponseTo passed. */
export interface ValidatedSamlProfile {
  nameID?: string;
  attributes?: Record<string, unknown>;
  /** The signed assertion exactly as verified (canonical form). */
  getAssertionXml?: () => string;
  /** The whole response as received: not covered by the signature as a whole. */
  getSamlResponseXml?: () => string | null;
}

export interface SamlExpectations {
  /** Our assertion consumer address for this organisation. */
  acsUrl: string;
  /** The attribute holding the email address; null means the NameID. */
  emailAttribute: string | null;
  nameAttribute: string | null;
}

export interface AcceptedAssertion {
  assertionId: string;
  /** The earliest NotOnOrAfter of the assertion: after it, a replay fails on time alone. */
  expiresAt: Date;
  email: string;
  name?: string;
}

/** A response that passed node-saml but fails one of our own rules; the message is for the log and the audit. */
export class SamlRejection extends Error {}

const select = xpath.useNamespaces({
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
});

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The checks node-saml leaves to its caller: the response was sent to us (Destination), the
 * bearer confirmation names our address (Recipient), nothing was slipped into it as an XML
 * comment (which canonicalisation drops from the signature, so it could cut a NameID short
 * for a less careful reader), and the assertion has the id and lifetime replay protection needs.
 */
export function checkValidatedProfile(
  profile: ValidatedSamlProfile,
  expected: SamlExpectations,
): AcceptedAssertion {
  const responseXml = profile.getSamlResponseXml?.();
  const assertionXml = profile.getAssertionXml?.();
  if (!responseXml || !assertionXml) throw new SamlRejection('no response or assertion');
  const response = parse(responseXml);
  if ((select('//comment()', response) as Node[]).length > 0)
    throw new SamlRejection('the response contains XML comments');
  const destination = response.documentElement?.getAttribute('Destination');
  if (destination !== expected.acsUrl)
    throw new SamlRejection(`wrong Destination ${JSON.stringify(destination ?? null)}`);

  const assertion = parse(assertionXml);
  const root = assertion.documentElement;
  const assertionId = root?.getAttribute('ID');
  if (!root || !assertionId) throw new SamlRejection('the assertion has no ID');
  const confirmations = select(
    `saml:Subject/saml:SubjectConfirmation[@Method='${BEARER}']/saml:SubjectConfirmationData`,
    root,
  ) as Element[];
  if (confirmations.length === 0) throw new SamlRejection('no bearer subject confirmation');
  for (const confirmation of confirmations) {
    const recipient = confirmation.getAttribute('Recipient');
    if (recipient !== expected.acsUrl)
      throw new SamlRejection(`wrong Recipient ${JSON.stringify(recipient || null)}`);
  }
  const deadlines = [
    ...confirmations.map((confirmation) => confirmation.getAttribute('NotOnOrAfter')),
    (select('saml:Conditions/@NotOnOrAfter', root) as Attr[])[0]?.value,
  ]
    .filter((value): value is string => Boolean(value))
    .map((value) => Date.parse(value))
    .filter((time) => Number.isFinite(time));
  if (deadlines.length === 0) throw new SamlRejection('the assertion never expires');

  const email = (
    expected.emailAttribute
      ? firstValue(profile.attributes?.[expected.emailAttribute])
      : profile.nameID
  )
    ?.trim()
    .toLowerCase();
  if (!email || !EMAIL.test(email))
    throw new SamlRejection(
      `no email address in ${expected.emailAttribute ? `attribute ${expected.emailAttribute}` : 'the NameID'}`,
    );
  const name = expected.nameAttribute
    ? firstValue(profile.attributes?.[expected.nameAttribute])
    : undefined;
  return {
    assertionId,
    expiresAt: new Date(Math.min(...deadlines)),
    email,
    ...(name ? { name } : {}),
  };
}

function parse(xml: string): Document {
  const document = new DOMParser({
    errorHandler: { warning: () => undefined, error: () => undefined, fatalError: () => undefined },
  }).parseFromString(xml, 'text/xml');
  if (!document?.documentElement) throw new SamlRejection('not XML');
  return document as unknown as Document;
}

function firstValue(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
