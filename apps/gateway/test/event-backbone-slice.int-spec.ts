import {
  type AuditTrailPage,
  IdentityMessages,
  type OrganizationView,
  SYSTEM_ACTOR,
} from '@coffer/contracts';
import { ServiceClients } from '@coffer/service-kit';
import { expectEventually, servicesUnderTest } from '@coffer/testing';

// The thin slice of the foundation: a command handled by identity reaches Kafka through the
// outbox, the audit service projects it, and the gateway serves it over HTTP, all on real parts.
describe('event backbone, end to end through the gateway', () => {
  const { config, baseUrl } = servicesUnderTest('slice');
  // As ops does: every request to a service is sealed with the deployment's service key.
  const clients = new ServiceClients(config);

  afterAll(async () => {
    await clients.close();
  });

  const context = { actor: SYSTEM_ACTOR, correlationId: 'slice-test' };
  const password = 'correct horse battery staple';
  let organization: OrganizationView;

  it('reports every service and its dependencies on GET /api/health', async () => {
    const response = await fetch(`${baseUrl}/api/health`);
    const body = (await response.json()) as { details: Record<string, unknown> };

    expect(response.status).toBe(200);
    for (const service of ['identity', 'profiles', 'tokens', 'pst-export', 'audit']) {
      expect(body.details[service]).toMatchObject({ status: 'up', database: 'up', kafka: 'up' });
    }
    // Services that project events report ready only once their consumers have joined.
    expect(body.details.audit).toMatchObject({ 'audit-trail': 'up' });
  });

  it('projects identity commands into the audit trail, served to that organisation only', async () => {
    organization = await clients.send(IdentityMessages.organizations.create, {
      context,
      name: 'Acme',
      slug: 'acme',
    });
    await clients.send(IdentityMessages.administrators.create, {
      context,
      orgId: organization.id,
      email: 'Alice@Example.com',
      name: 'Alice',
      role: 'cloud-administrator',
      password,
    });
    const auth = `Basic ${Buffer.from(`alice@example.com:${password}`).toString('base64')}`;

    const page = await expectEventually(async () => {
      const response = await fetch(`${baseUrl}/api/console/audit-trail`, {
        headers: { authorization: auth },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as AuditTrailPage;
      // The organisation, its MFA policy (required for administrators, by default), its
      // administrator and password, and the default profile that the profiles service created
      // on hearing of the organisation.
      expect(body.entries).toHaveLength(5);
      return body;
    });

    expect(page.entries.map((entry) => entry.description)).toEqual(
      expect.arrayContaining([
        'System has created the organisation Acme',
        'System has required multi-factor authentication for administrators',
        'System has created the administrator alice@example.com (Cloud Administrator)',
        'System has set a fail-safe password for alice@example.com',
        'System has created the profile Default',
      ]),
    );
    expect(page.entries.every((entry) => entry.orgId === organization.id)).toBe(true);
    expect(JSON.stringify(page)).not.toContain(password);
  });

  it('answers a wrong password and an unknown email with the same 401 body', async () => {
    const attempt = async (credentials: string) => {
      const response = await fetch(`${baseUrl}/api/console/audit-trail`, {
        headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
      });
      return { status: response.status, body: await response.text() };
    };
    const wrongPassword = await attempt('alice@example.com:not the password');
    const unknownEmail = await attempt(`nobody@example.com:${password}`);

    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword).toEqual(unknownEmail);
    expect(JSON.parse(wrongPassword.body)).toEqual({
      code: 'invalid-credentials',
      message: 'Invalid email-id\\username or password',
    });
  });

  it('refuses an invalid filter with a clear 400 and no stack trace', async () => {
    const auth = `Basic ${Buffer.from(`alice@example.com:${password}`).toString('base64')}`;
    const response = await fetch(`${baseUrl}/api/console/audit-trail?trail=everything`, {
      headers: { authorization: auth },
    });
    const body = (await response.json()) as { code: string; message: string };

    expect(response.status).toBe(400);
    expect(body.code).toBe('invalid-request');
    expect(body.message).toMatch(/trail/);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('publishes the OpenAPI document', async () => {
    const response = await fetch(`${baseUrl}/api/docs-json`);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(document.paths).toHaveProperty('/api/console/audit-trail');
    expect(document.paths).toHaveProperty('/api/health');
  });
});
