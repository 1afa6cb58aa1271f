import { checkValidatedProfile, SamlRejection } from './saml-response-checks';

const ACS = 'https://coffer.example.com/sso/org-1/acs';

function assertion({
  recipient = ACS,
  notOnOrAfter = '2030-01-01T00:05:00Z',
  conditionsUntil = '2030-01-01T00:10:00Z',
} = {}) {
  return `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1">
  <saml:Subject><saml:NameID>Ada@Example.com</saml:NameID>
    <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
      <saml:SubjectConfirmationData Recipient="${recipient}" NotOnOrAfter="${notOnOrAfter}"/>
    </saml:SubjectConfirmation></saml:Subject>
  <saml:Conditions NotOnOrAfter="${conditionsUntil}"/>
</saml:Assertion>`;
}

function profile({
  destination = ACS,
  inside = assertion(),
  attributes = {} as Record<string, unknown>,
  comment = '',
} = {}) {
  const response = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" Destination="${destination}">${comment}${inside}</samlp:Response>`;
  return {
    nameID: 'Ada@Example.com',
    attributes,
    getAssertionXml: () => inside,
    getSamlResponseXml: () => response,
  };
}

const byNameId = { acsUrl: ACS, emailAttribute: null, nameAttribute: null };

describe('our own checks of a validated SAML response', () => {
  it('accepts a response for us and reads the email, the id and the earliest expiry', () => {
    expect(checkValidatedProfile(profile(), byNameId)).toEqual({
      assertionId: '_a1',
      expiresAt: new Date('2030-01-01T00:05:00Z'),
      email: 'ada@example.com',
    });
  });

  it('reads the email and the name from mapped attributes', () => {
    const mapped = profile({ attributes: { mail: ['bob@example.com'], displayName: 'Bob B' } });
    expect(
      checkValidatedProfile(mapped, {
        acsUrl: ACS,
        emailAttribute: 'mail',
        nameAttribute: 'displayName',
      }),
    ).toMatchObject({ email: 'bob@example.com', name: 'Bob B' });
  });

  it.each([
    [
      'a response sent elsewhere',
      profile({ destination: 'https://evil.example/acs' }),
      'Destination',
    ],
    [
      'a confirmation for another recipient',
      profile({ inside: assertion({ recipient: 'https://evil.example/acs' }) }),
      'Recipient',
    ],
    ['an XML comment anywhere', profile({ comment: '<!-- x -->' }), 'comments'],
    ['an attribute mapping that finds no email', profile(), 'attribute mail'],
  ])('refuses %s', (_case, candidate, reason) => {
    const expected =
      reason === 'attribute mail' ? { ...byNameId, emailAttribute: 'mail' } : byNameId;
    expect(() => checkValidatedProfile(candidate, expected)).toThrow(SamlRejection);
    expect(() => checkValidatedProfile(candidate, expected)).toThrow(reason);
  });
});
