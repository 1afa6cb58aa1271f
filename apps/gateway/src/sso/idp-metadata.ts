import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';

export interface IdentityProviderMetadata {
  entityId: string;
  /** Where AuthnRequests go (HTTP-Redirect binding). */
  ssoUrl: string;
  /** Base64 bodies of the signing certificates, in the order the IdP lists them. */
  certificates: string[];
}

export class IdpMetadataError extends Error {}

const select = xpath.useNamespaces({
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
});

const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/**
 * Reads what the service provider needs from an IdP's SAML metadata: its entity id, its
 * single sign-on address for the HTTP-Redirect binding and its signing certificates. Says in
 * words what is missing, for the administrator who uploaded the file.
 */
export function parseIdpMetadata(xml: string): IdentityProviderMetadata {
  if (/<!DOCTYPE/i.test(xml))
    throw new IdpMetadataError('The metadata must not contain a DOCTYPE.');
  const problems: string[] = [];
  const document = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (message: string) => void problems.push(message),
      fatalError: (message: string) => void problems.push(message),
    },
  }).parseFromString(xml, 'text/xml');
  if (problems.length > 0 || !document?.documentElement) {
    throw new IdpMetadataError('The metadata is not well-formed XML.');
  }
  const descriptors = select(
    '//md:EntityDescriptor[md:IDPSSODescriptor]',
    document as unknown as Node,
  ) as Element[];
  if (descriptors.length === 0)
    throw new IdpMetadataError('The metadata describes no identity provider (IDPSSODescriptor).');
  if (descriptors.length > 1)
    throw new IdpMetadataError('The metadata describes several identity providers; upload one.');
  const [descriptor] = descriptors;
  const entityId = descriptor.getAttribute('entityID')?.trim();
  if (!entityId) throw new IdpMetadataError('The identity provider has no entityID.');
  const ssoUrl = (
    select(
      `md:IDPSSODescriptor/md:SingleSignOnService[@Binding='${REDIRECT_BINDING}']/@Location`,
      descriptor,
    ) as Attr[]
  )[0]?.value.trim();
  if (!ssoUrl)
    throw new IdpMetadataError(
      'The identity provider has no single sign-on address for the HTTP-Redirect binding.',
    );
  const certificates = (
    select(
      "md:IDPSSODescriptor/md:KeyDescriptor[not(@use) or @use='signing']//ds:X509Certificate",
      descriptor,
    ) as Node[]
  )
    .map((node) => (node.textContent ?? '').replace(/\s+/g, ''))
    .filter((certificate, index, all) => certificate && all.indexOf(certificate) === index);
  if (certificates.length === 0)
    throw new IdpMetadataError('The identity provider lists no signing certificate.');
  return { entityId, ssoUrl, certificates };
}
