import { organizationDecider } from './organization.decider';

describe('organization decider', () => {
  it('creates an organisation once', () => {
    const command = { type: 'CreateOrganization', name: 'Acme', slug: 'acme' } as const;
    const [created] = organizationDecider.decide(command, organizationDecider.initialState());

    expect(created).toEqual({
      type: 'identity.organization.created',
      schemaVersion: 1,
      payload: { name: 'Acme', slug: 'acme' },
    });
    const state = organizationDecider.evolve(organizationDecider.initialState(), created);
    expect(() => organizationDecider.decide(command, state)).toThrow('already exists');
  });
});

describe('organization SSO settings', () => {
  const settings = {
    idpEntityId: 'https://idp.example.com',
    idpSsoUrl: 'https://idp.example.com/sso',
    idpCertificates: ['MIIC-first'],
    emailAttribute: null,
    nameAttribute: 'displayName',
    justInTimeProvisioning: false,
  };
  const created = organizationDecider.evolve(organizationDecider.initialState(), {
    type: 'identity.organization.created',
    schemaVersion: 1,
    payload: { name: 'Acme', slug: 'acme' },
  });
  const apply = (state: typeof created, events: ReturnType<typeof organizationDecider.decide>) =>
    events.reduce(organizationDecider.evolve, state);

  it('records the settings and the enforcement as two facts', () => {
    const events = organizationDecider.decide(
      { type: 'ConfigureSso', settings, enforcement: 'users' },
      created,
    );
    expect(events.map((event) => event.type)).toEqual([
      'identity.organization.sso-configured',
      'identity.organization.sso-enforcement-changed',
    ]);
    expect(events[1].payload).toEqual({ enforcement: 'users', previousEnforcement: 'off' });
  });

  it('records nothing when nothing changed, and only what changed otherwise', () => {
    const configured = apply(
      created,
      organizationDecider.decide({ type: 'ConfigureSso', settings, enforcement: 'users' }, created),
    );
    expect(
      organizationDecider.decide(
        { type: 'ConfigureSso', settings, enforcement: 'users' },
        configured,
      ),
    ).toEqual([]);
    const rollover = organizationDecider.decide(
      {
        type: 'ConfigureSso',
        settings: { ...settings, idpCertificates: ['MIIC-first', 'MIIC-next'] },
        enforcement: 'users',
      },
      configured,
    );
    expect(rollover.map((event) => event.type)).toEqual(['identity.organization.sso-configured']);
  });

  it('refuses SSO for an organisation that does not exist', () => {
    expect(() =>
      organizationDecider.decide(
        { type: 'ConfigureSso', settings, enforcement: 'off' },
        organizationDecider.initialState(),
      ),
    ).toThrow('does not exist');
  });
});
