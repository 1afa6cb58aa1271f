import { randomUUID } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';

import { SignedXml } from 'xml-crypto';

export interface ForgedAssertion {
  issuer: string;
  audience: string;
  /** The Response's Destination. */
  destination: string;
  /** The bearer confirmation's Recipient. */
  recipient: string;
  nameId: string;
  /** Left out for an unsolicited response. */
  inResponseTo?: string;
  assertionId?: string;
  issuedAt?: Date;
  /** Until when the assertion may be used; an hour ago makes it expired. */
  notOnOrAfter?: Date;
}

/**
 * SAML responses the test IdP would never send, signed (or not) with a key we choose: the
 * negative cases of the SSO tests (expired, wrong audience or destination, unsolicited,
 * wrapped, commented) need a valid signature by the trusted IdP key on a bad assertion. Built
 * and signed with xml-crypto, the library node-saml itself verifies with.
 */
export function forgeSamlResponse(
  assertion: ForgedAssertion,
  signingKeyPem?: string,
): { xml: string; assertionId: string } {
  const issuedAt = assertion.issuedAt ?? new Date();
  const until = assertion.notOnOrAfter ?? new Date(issuedAt.getTime() + 5 * 60_000);
  const assertionId = assertion.assertionId ?? `_${randomUUID()}`;
  const inResponseTo = assertion.inResponseTo ? ` InResponseTo="${assertion.inResponseTo}"` : '';
  const xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${issuedAt.toISOString()}" Destination="${assertion.destination}"${inResponseTo}>` +
    `<saml:Issuer>${assertion.issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${issuedAt.toISOString()}">` +
    `<saml:Issuer>${assertion.issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${assertion.nameId}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until.toISOString()}" Recipient="${assertion.recipient}"${inResponseTo}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${new Date(issuedAt.getTime() - 60_000).toISOString()}" NotOnOrAfter="${until.toISOString()}"><saml:AudienceRestriction><saml:Audience>${assertion.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${issuedAt.toISOString()}" SessionIndex="_${randomUUID()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `</saml:Assertion></samlp:Response>`;
  return { xml: signingKeyPem ? signAssertion(xml, signingKeyPem) : xml, assertionId };
}

/** An enveloped signature over the assertion, placed after its Issuer as the schema wants. */
export function signAssertion(xml: string, signingKeyPem: string): string {
  const signature = new SignedXml({
    privateKey: signingKeyPem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signature.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signature.computeSignature(xml, {
    location: {
      reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']",
      action: 'after',
    },
  });
  return signature.getSignedXml();
}

/** The ID of the AuthnRequest in a redirect to the IdP (`?SAMLRequest=`, deflated and base64). */
export function authnRequestIdOf(redirectUrl: string): string {
  const request = new URL(redirectUrl).searchParams.get('SAMLRequest');
  if (!request) throw new Error(`no SAMLRequest in ${redirectUrl}`);
  const xml = inflateRawSync(Buffer.from(request, 'base64')).toString('utf8');
  const id = /\sID="([^"]+)"/.exec(xml)?.[1];
  if (!id) throw new Error('the AuthnRequest has no ID');
  return id;
}
