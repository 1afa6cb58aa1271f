import { IdpMetadataError, parseIdpMetadata } from './idp-metadata';

const metadata = (
  inner: string,
  entityId = 'https://idp.example.com/saml',
) => `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${inner}</md:IDPSSODescriptor>
</md:EntityDescriptor>`;

const key = (use: string | undefined, body: string) =>
  `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
    ${body}
  </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;

const redirect =
  '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/post"/>' +
  '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/redirect"/>';

describe('IdP metadata', () => {
  it('reads the entity id, the redirect address and the signing certificates, deduplicated', () => {
    const parsed = parseIdpMetadata(
      metadata(
        key('signing', 'MIIC AAA') +
          key('encryption', 'MIIC BBB') +
          key(undefined, 'MIICCCC') +
          key('signing', 'MIICAAA') +
          redirect,
      ),
    );
    expect(parsed).toEqual({
      entityId: 'https://idp.example.com/saml',
      ssoUrl: 'https://idp.example.com/redirect',
      certificates: ['MIICAAA', 'MIICCCC'],
    });
  });

  it.each([
    ['not XML at all', 'hello', 'not well-formed'],
    [
      'no IdP',
      '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>',
      'no identity provider',
    ],
    ['no redirect binding', metadata(key('signing', 'MIIC')), 'HTTP-Redirect'],
    [
      'no signing certificate',
      metadata(key('encryption', 'MIIC') + redirect),
      'no signing certificate',
    ],
    [
      'a DOCTYPE',
      `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${metadata(redirect)}`,
      'DOCTYPE',
    ],
  ])('refuses %s with a clear message', (_case, xml, message) => {
    expect(() => parseIdpMetadata(xml)).toThrow(IdpMetadataError);
    expect(() => parseIdpMetadata(xml)).toThrow(message);
  });
});
