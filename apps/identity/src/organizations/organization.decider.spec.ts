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
