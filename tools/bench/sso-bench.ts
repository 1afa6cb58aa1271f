import { cpus, totalmem } from 'node:os';

import {
  authnRequestIdOf,
  forgeSamlResponse,
  HttpClient,
  SimpleSamlIdp,
  withServicesRunning,
} from '@coffer/testing';

import { measureLatency } from './latency';

/**
 * `npm run bench -- sso [N]`: SAML sign-ins through the gateway's assertion consumer. Each
 * response answers an AuthnRequest the gateway really issued (so InResponseTo is checked
 * against identity's database) and is signed with the SimpleSAMLphp test IdP's key, which the
 * organisation trusts from the IdP's metadata. Issuing the requests is measured apart from
 * consuming the responses: the ACS figure is signature check + our checks + replay store +
 * session start.
 */
export async function benchSso(count: number) {
  return withServicesRunning('bench-sso', {}, async ({ baseUrl, seeder }) => {
    const idp = await SimpleSamlIdp.start([]);
    try {
      const password = 'benchmark administrator passphrase';
      const { organization } = await seeder.organization('bench-sso', {
        email: 'admin@bench-sso.test',
        password,
      });
      const admin = new HttpClient(baseUrl);
      await admin.post('/api/console/login', { email: 'admin@bench-sso.test', password });
      const saved = await admin.request('PUT', '/api/console/sso', {
        json: { metadataXml: await idp.metadataXml(), enforcement: 'off' },
      });
      if (saved.status !== 200) throw new Error(`SSO settings answered ${saved.status}`);
      const acs = `/sso/${organization.id}/acs`;
      const concurrency = 8;

      const requestIds: string[] = [];
      const issue = await measureLatency(count, concurrency, async () => {
        const start = await new HttpClient(baseUrl).get(
          `/sso/${organization.id}/login?surface=console`,
          { manualRedirect: true },
        );
        requestIds.push(authnRequestIdOf(start.headers.get('location') ?? ''));
      });
      const responses = requestIds.map((inResponseTo) =>
        Buffer.from(
          forgeSamlResponse(
            {
              issuer: idp.entityId,
              audience: `${baseUrl}/sso/${organization.id}/metadata`,
              destination: `${baseUrl}${acs}`,
              recipient: `${baseUrl}${acs}`,
              nameId: 'admin@bench-sso.test',
              inResponseTo,
            },
            idp.signingKeyPem,
          ).xml,
        ).toString('base64'),
      );
      const consume = await measureLatency(count, concurrency, async (index) => {
        // From the browser that started the request: the gateway binds the two with a cookie.
        const answer = await new HttpClient(baseUrl).postForm(
          acs,
          { SAMLResponse: responses[index], RelayState: 'console' },
          { headers: { cookie: `coffer_sso_request=${requestIds[index]}` } },
        );
        if (answer.status !== 303)
          throw new Error(`the ACS answered ${answer.status}: ${answer.text}`);
      });
      return {
        benchmark: 'sso',
        machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
        issueAuthnRequest: issue,
        assertionConsumer: consume,
      };
    } finally {
      await idp.stop();
    }
  });
}
