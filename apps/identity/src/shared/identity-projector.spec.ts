import type { EventEnvelope } from '@coffer/contracts';

import type { OrganizationState } from '../organizations/organization.decider';
import type { SignInDirectory } from '../sign-in/sign-in-directory';
import type { SignInPolicy } from '../sign-in/sign-in-policy';
import type { UserState } from '../users/user.decider';
import { IdentityProjector } from './identity-projector';
import type { IdentityReadModel } from './identity-read-model';

function envelope(type: string, aggregateType: string, version: number): EventEnvelope {
  return {
    id: `event-${version}`,
    type,
    schemaVersion: 1,
    orgId: 'org-1',
    aggregate: {
      type: aggregateType,
      id: aggregateType === 'organization' ? 'org-1' : 'u-1',
      version,
    },
    occurredAt: '2026-01-01T00:00:00.000Z',
    actor: { type: 'system' },
    correlationId: 'test',
    payload: {},
  };
}

const bob: UserState = {
  exists: true,
  email: 'Bob@Example.com',
  name: 'Bob',
  status: 'active',
  profileId: null,
};

describe('identity projector', () => {
  const saved: string[] = [];
  const readModel = {
    saveUser: async (id: string, _orgId: string, _state: unknown, version: number) => {
      saved.push(`users/${id}@${version}`);
      return true;
    },
    saveOrganization: async (id: string, _state: unknown, version: number) => {
      saved.push(`organizations/${id}@${version}`);
      return true;
    },
  } as unknown as IdentityReadModel;
  const directory = {
    saveAccount: async (key: string, _facts: unknown, version: number) => {
      saved.push(`sign_in/${key}@${version}`);
      return true;
    },
  } as unknown as SignInDirectory;
  const stamped: string[] = [];
  const pushed: { orgId: string; version?: number }[] = [];
  const policy = {
    stamp: async (key: string) => void stamped.push(key),
    organizationChanged: async (orgId: string, sso?: { version: number }) =>
      void pushed.push({ orgId, version: sso?.version }),
  } as unknown as SignInPolicy;
  const notReadAgain = async () => {
    throw new Error('nothing was overtaken: no read');
  };
  const projector = new IdentityProjector(readModel, directory, policy, {
    users: notReadAgain,
    administrators: notReadAgain,
    organizations: notReadAgain,
  });

  beforeEach(() => {
    saved.length = 0;
    stamped.length = 0;
    pushed.length = 0;
  });

  it("writes a new user's state once and copies the rules onto its sign-in document", async () => {
    const events = [envelope('identity.user.created', 'user', 1)];
    await projector.user(events, { state: bob, version: 1, events });
    expect(saved).toEqual(['users/u-1@1', 'sign_in/portal:bob@example.com@1']);
    expect(stamped).toEqual(['portal:bob@example.com']);
  });

  it('writes a status change without copying the rules again', async () => {
    const events = [envelope('identity.user.disabled', 'user', 2)];
    await projector.user(events, { state: { ...bob, status: 'disabled' }, version: 2, events });
    expect(saved).toEqual(['users/u-1@2', 'sign_in/portal:bob@example.com@2']);
    expect(stamped).toEqual([]);
  });

  it("pushes an organisation's changed SSO rule to its accounts, and not its creation", async () => {
    const state: OrganizationState = {
      exists: true,
      name: 'Acme',
      slug: 'acme',
      sso: null,
      enforcement: 'users',
      administratorMfa: { requiredForAdministrators: false, graceUntil: null },
    };
    const created = [envelope('identity.organization.created', 'organization', 1)];
    await projector.organization(created, { state, version: 1, events: created });
    expect(pushed).toEqual([]);
    const enforced = [envelope('identity.organization.sso-enforcement-changed', 'organization', 3)];
    await projector.organization(enforced, { state, version: 3, events: enforced });
    expect(saved).toEqual(['organizations/org-1@1', 'organizations/org-1@3']);
    expect(pushed).toEqual([{ orgId: 'org-1', version: 3 }]);
  });
});
