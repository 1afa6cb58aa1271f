import { parse } from 'csv-parse/sync';

import {
  type AccountSessions,
  type AdministratorView,
  AUDIT_ACTIVITY_TYPE_NAMES,
  type AuditEntryView,
  type AuditRebuildPlan,
  type AuditRebuildStatus,
  type AuditTrailPage,
  IdentityMessages,
  type ProjectionStatus,
  type ServiceStatus,
  SYSTEM_ACTOR,
  type UserView,
} from '@coffer/contracts';
import { createKafka, EventPublisher } from '@coffer/messaging';
import { ServiceClients } from '@coffer/service-kit';
import {
  expectEventually,
  HttpClient,
  runOps,
  runOpsText,
  servicesUnderTest,
  SimpleSamlIdp,
} from '@coffer/testing';

/**
 * The audit trail as administrators read it: every activity type after the flows that cause
 * it, the seed's filters (activity type, administrator, period) at their boundaries, what a
 * product administrator may see, CSV export, tenant isolation, duplicates and malformed events
 * on the topic, and an operator's rebuild that gives back the same trail.
 */
describe('audit trail', () => {
  const { env, config, baseUrl, seeder } = servicesUnderTest('audit');
  const password = 'administrator passphrase 8';
  const ada = new HttpClient(baseUrl);
  const pat = new HttpClient(baseUrl);
  let adaView: AdministratorView;
  let patView: AdministratorView;

  const trail = async (query: string, client = ada) => {
    const page = await client.get<AuditTrailPage>(`/api/console/audit-trail?${query}`);
    expect(page.status).toBe(200);
    return page.body;
  };
  const descriptions = (page: AuditTrailPage) => page.entries.map((entry) => entry.description);

  /** Every entry, newest first, following the cursor page by page. */
  async function wholeTrail(pageSize: number): Promise<AuditEntryView[]> {
    const entries: AuditEntryView[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditTrailPage = await trail(
        `limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      entries.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    return entries;
  }

  beforeAll(async () => {
    await seeder.organization('wayne', { email: 'ada@wayne.test', password });
    await seeder.organization('stark', { email: 'tony@stark.test', password });
    await ada.post('/api/console/login', { email: 'ada@wayne.test', password });
    adaView = (await ada.get<{ administrator: AdministratorView }>('/api/console/me')).body
      .administrator;
    patView = (
      await ada.post<AdministratorView>('/api/console/administrators', {
        email: 'pat@wayne.test',
        name: 'Pat',
        role: 'product-administrator',
        password,
      })
    ).body;
    await pat.post('/api/console/login', { email: 'pat@wayne.test', password });
    const bob = await pat.post<UserView>('/api/console/users', {
      email: 'bob@wayne.test',
      name: 'Bob',
      password: 'user passphrase number 8',
    });
    await pat.post(`/api/console/users/${bob.body.id}/disable`);
    const profile = await ada.post('/api/console/profiles', {
      name: 'Night shift',
      dataSources: [],
      allowWebRestore: false,
      allowShare: true,
    });
    expect(profile.status).toBe(201);
    await ada.post('/api/console/api-tokens', {
      name: 'scripts',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const idp = await SimpleSamlIdp.start([]);
    try {
      await ada.request('PUT', '/api/console/sso', {
        json: { metadataXml: await idp.metadataXml(), enforcement: 'off' },
      });
    } finally {
      await idp.stop();
    }
  });

  it('records every activity type with its actor, target and a sentence a person reads', async () => {
    const expected: Record<string, string> = {
      'sign-in': 'pat@wayne.test has signed in to the management console',
      'user-management': 'pat@wayne.test has disabled the user bob@wayne.test',
      'administrator-management':
        'ada@wayne.test has created the administrator pat@wayne.test (Product Administrator)',
      'profile-management': 'ada@wayne.test has created the profile Night shift',
      'api-tokens': expect.stringMatching(/^ada@wayne\.test has created the API token scripts/),
      'sso-settings': expect.stringMatching(
        /^ada@wayne\.test has set the SSO identity provider to http/,
      ),
    };
    for (const [activityType, description] of Object.entries(expected)) {
      await expectEventually(async () => {
        const page = await trail(`activityType=${activityType}`);
        expect(descriptions(page)).toEqual(expect.arrayContaining([description]));
      });
    }
    const disabled = (await trail('activityType=user-management&q=disabled')).entries[0];
    expect(disabled).toMatchObject({
      trail: 'admin',
      actor: { type: 'administrator', id: patView.id, email: 'pat@wayne.test', name: 'Pat' },
      target: { type: 'user', label: 'bob@wayne.test' },
    });
    expect(disabled.actor.ip).toBeDefined();
  });

  // The console's filter once lacked break-glass and sessions: its list is now the audit
  // service's own (libs/contracts AUDIT_ACTIVITY_TYPES), and each of them filters.
  it('filters by the break-glass and sessions activity types, and names the choices for an unknown one', async () => {
    const clients = new ServiceClients(config);
    const settings = (await clients.send(IdentityMessages.sso.getSettings, {
      orgId: adaView.orgId,
    }))!;
    const enforce = (enforcement: 'off' | 'users-and-administrators') =>
      clients.send(IdentityMessages.sso.configure, {
        context: { actor: SYSTEM_ACTOR, correlationId: 'audit-break-glass' },
        orgId: adaView.orgId,
        idpEntityId: settings.idpEntityId,
        idpSsoUrl: settings.idpSsoUrl,
        idpCertificates: settings.idpCertificates,
        emailAttribute: settings.emailAttribute,
        nameAttribute: settings.nameAttribute,
        justInTimeProvisioning: settings.justInTimeProvisioning,
        enforcement,
      });
    const second = new HttpClient(baseUrl);
    await enforce('users-and-administrators');
    try {
      // A cloud administrator's fail-safe password while SSO is enforced: break-glass.
      expect(
        (await second.post('/api/console/login', { email: 'ada@wayne.test', password })).status,
      ).toBe(200);
    } finally {
      await enforce('off');
    }
    const { sessions } = (await second.get<AccountSessions>('/api/console/sessions')).body;
    const other = sessions.find((session) => session.current)!;
    expect((await ada.request('DELETE', `/api/console/sessions/${other.id}`)).status).toBe(200);

    await expectEventually(async () => {
      const breakGlass = await trail('activityType=break-glass');
      expect(breakGlass.entries.map((entry) => entry.action)).toContain('fail-safe-sign-in');
      expect(breakGlass.entries.every((entry) => entry.activityType === 'break-glass')).toBe(true);
      const ended = await trail('activityType=sessions');
      expect(ended.entries.map((entry) => entry.action)).toContain('sessions-revoked');
      expect(ended.entries.every((entry) => entry.activityType === 'sessions')).toBe(true);
    });
    const unknown = await ada.get<{ code: string; message: string }>(
      '/api/console/audit-trail?activityType=break-glas',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain(AUDIT_ACTIVITY_TYPE_NAMES.join(', '));
  });

  it('filters by administrator, by text, and by period with from inclusive and to exclusive', async () => {
    const patsOnly = await trail(`administratorId=${patView.id}&limit=500`);
    expect(patsOnly.entries.length).toBeGreaterThan(0);
    expect(patsOnly.entries.every((entry) => entry.actor.id === patView.id)).toBe(true);
    expect((await trail('administratorId=all&limit=500')).total).toBeGreaterThan(patsOnly.total);
    expect(descriptions(await trail('q=NIGHT SHIFT'))).toEqual([
      'ada@wayne.test has created the profile Night shift',
    ]);

    const entry = (await trail('activityType=profile-management')).entries[0];
    const at = new Date(entry.occurredAt);
    const justAfter = new Date(at.getTime() + 1).toISOString();
    const ids = async (query: string) =>
      (await trail(`${query}&limit=500`)).entries.map((e) => e.id);
    expect(await ids(`from=${entry.occurredAt}&to=${justAfter}`)).toContain(entry.id);
    expect(await ids(`to=${entry.occurredAt}`)).not.toContain(entry.id);
    expect(await ids(`from=${justAfter}`)).not.toContain(entry.id);
    expect(
      await ids(
        `from=${entry.occurredAt}&activityType=profile-management&administratorId=${adaView.id}`,
      ),
    ).toContain(entry.id);

    const reversed = await ada.get<{ code: string; message: string }>(
      `/api/console/audit-trail?from=${justAfter}&to=${entry.occurredAt}`,
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toContain('from must be before to');
    expect((await ada.get('/api/console/audit-trail?from=yesterday')).status).toBe(400);
  });

  it('pages newest first with a cursor, the total the same on every page', async () => {
    const all = await trail('limit=500');
    const paged = await wholeTrail(3);
    expect(paged.map((entry) => entry.id)).toEqual(all.entries.map((entry) => entry.id));
    expect(all.total).toBe(all.entries.length);
    const times = all.entries.map((entry) => entry.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await ada.get('/api/console/audit-trail?cursor=garbage')).status).toBe(400);
  });

  it('shows a product administrator everything but administrator management and SSO settings', async () => {
    const patView_ = await trail('limit=500', pat);
    const types = new Set(patView_.entries.map((entry) => entry.activityType));
    expect(types.has('user-management')).toBe(true);
    expect(types.has('administrator-management')).toBe(false);
    expect(types.has('sso-settings')).toBe(false);
    expect((await trail('activityType=sso-settings', pat)).total).toBe(0);
    const hidden = (await trail('activityType=administrator-management')).entries[0];
    expect((await pat.get(`/api/console/audit-trail/${hidden.id}`)).status).toBe(404);
    expect((await ada.get<AuditEntryView>(`/api/console/audit-trail/${hidden.id}`)).body.id).toBe(
      hidden.id,
    );
  });

  it("never shows one organisation's entries to another", async () => {
    const tony = new HttpClient(baseUrl);
    await tony.post('/api/console/login', { email: 'tony@stark.test', password });
    const theirs = (await trail('limit=500')).entries[0];
    expect((await tony.get(`/api/console/audit-trail/${theirs.id}`)).status).toBe(404);
    const page = await tony.get<AuditTrailPage>('/api/console/audit-trail?limit=500');
    expect(page.body.entries.every((entry) => entry.orgId !== theirs.orgId)).toBe(true);
  });

  it('exports the filtered trail as CSV', async () => {
    const filtered = await trail('activityType=user-management&limit=500');
    const csv = await ada.get(`/api/console/audit-trail/csv?activityType=user-management`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="audit-trail-/);
    const rows = parse(csv.text) as string[][];
    expect(rows[0].slice(0, 3)).toEqual(['time', 'trail', 'activity type']);
    expect(rows.slice(1).map((row) => row[10])).toEqual(descriptions(filtered));
  });

  it('adds nothing for a duplicate event, parks a malformed one and goes on', async () => {
    const before = await trail('limit=500');
    const original = before.entries.find((entry) => entry.activityType === 'user-management')!;
    const shown = await runOps<{ event: { id: string; type: string; aggregate: { id: string } } }>(
      env,
      ['events', 'show', original.id],
    );
    expect(shown.event.id).toBe(original.id);

    const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'audit-test' });
    const publisher = new EventPublisher(kafka);
    const topic = `${config.topicPrefix}identity.events`;
    await publisher.publish([
      // A duplicate as the outbox relay would send it after a crash: same key, same partition.
      { topic, key: shown.event.aggregate.id, value: JSON.stringify(shown.event) },
      { topic, key: 'garbage', value: '{"not": "an event"' },
    ]);
    await publisher.disconnect();
    // Once the audit projection has no lag, both messages were consumed.
    await expectEventually(
      async () => {
        const statuses = await runOps<ProjectionStatus[]>(env, ['projections', 'status', '--json']);
        const audit = statuses.find((status) => status.projection === 'audit-trail')!;
        expect(audit.partitions.filter((partition) => partition.lag > 0)).toEqual([]);
      },
      { timeoutMs: 60_000 },
    );
    const after = await trail('limit=500');
    expect(after.total).toBe(before.total);

    const parked = await runOps<{ raw?: string }>(env, [
      'events',
      'tail',
      '--topic',
      'identity.events.dead-letter',
      '--limit',
      '1',
    ]);
    expect(parked.raw).toBe('{"not": "an event"');
  });

  it('rebuilds the trail beside the live one and gives back the same trail, twice over', async () => {
    const before = await wholeTrail(500);
    const plan = await runOps<AuditRebuildPlan>(env, [
      'projections',
      'rebuild',
      'audit',
      '--dry-run',
    ]);
    expect(plan.events).toBeGreaterThan(before.length);
    expect(plan.projections).toEqual([
      {
        name: 'audit-trail',
        collections: ['audit_segments', 'audit_claims', 'audit_summaries', 'audit_people'],
      },
    ]);

    let last: AuditRebuildStatus | undefined;
    for (let run = 0; run < 2; run++) {
      last = await runOps<AuditRebuildStatus>(env, ['projections', 'rebuild', 'audit']);
      expect(last.state).toBe('completed');
      expect(last.read).toBeGreaterThanOrEqual(plan.events);
      const after = await wholeTrail(500);
      expect(after.map(({ id, description, details }) => ({ id, description, details }))).toEqual(
        before.map(({ id, description, details }) => ({ id, description, details })),
      );
    }
    expect(last!.history.slice(0, 6).map((action) => action.action)).toEqual([
      'rebuild-completed',
      'rebuild-switched',
      'rebuild-started',
      'rebuild-completed',
      'rebuild-switched',
      'rebuild-started',
    ]);

    const statuses = await runOps<ProjectionStatus[]>(env, ['projections', 'status', '--json']);
    expect(statuses.map((status) => `${status.service}/${status.projection}`)).toEqual(
      expect.arrayContaining([
        'audit/audit-trail',
        'identity/identity-profile-access',
        'profiles/profiles-identity-feed',
      ]),
    );
    const services = await runOps<ServiceStatus[]>(env, ['status', '--json']);
    expect(services.map((service) => [service.service, service.up])).toEqual([
      ['identity', true],
      ['profiles', true],
      ['tokens', true],
      ['pst-export', true],
      ['audit', true],
    ]);
    expect(Object.keys(services[0].outboxBacklog)).toEqual(
      expect.arrayContaining(['events', 'auth_events']),
    );
    expect(services.find((service) => service.service === 'pst-export')?.queues).toEqual({
      exports: expect.any(Number),
    });
    const statusTable = (await runOpsText(env, ['status'])).split('\n');
    expect(statusTable[0]).toMatch(/^service\s+health\s+outbox backlog\s+projection lag\s+queued/);
    expect(statusTable.find((line) => line.startsWith('pst-export'))).toMatch(/exports \d+/);
    const table = await runOpsText(env, ['projections', 'status']);
    expect(table.split('\n')[0]).toMatch(/^service\s+projection\s+topic\s+partition/);
  });
});
