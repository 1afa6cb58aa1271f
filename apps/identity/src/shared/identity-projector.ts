import type { AdministratorView, UserView } from '@coffer/contracts';
import { projectLatest, type Handled, type OrganizationAggregates } from '@coffer/service-kit';

import type {
  AdministratorCommand,
  AdministratorEvent,
  AdministratorState,
} from '../administrators/administrator.decider';
import type {
  OrganizationCommand,
  OrganizationEvent,
  OrganizationState,
} from '../organizations/organization.decider';
import type { AccountFacts, SignInDirectory, SsoPolicy } from '../sign-in/sign-in-directory';
import { signInKey, surfaceOf } from '../sign-in/sign-in-key';
import { ssoPolicyOf, type SignInPolicy } from '../sign-in/sign-in-policy';
import type { UserCommand, UserEvent, UserState } from '../users/user.decider';
import { normalizeEmail, type IdentityReadModel } from './identity-read-model';

type Existing<State> = Extract<State, { exists: true }>;

export function userFacts(id: string, orgId: string, state: Existing<UserState>): AccountFacts {
  return {
    kind: 'user',
    id,
    orgId,
    email: normalizeEmail(state.email),
    name: state.name,
    status: state.status,
    profileId: state.profileId,
  };
}

export function administratorFacts(
  id: string,
  orgId: string,
  state: Existing<AdministratorState>,
): AccountFacts {
  return {
    kind: 'administrator',
    id,
    orgId,
    email: normalizeEmail(state.email),
    name: state.name,
    status: state.disabled ? 'disabled' : 'active',
    profileId: null,
    role: state.role,
  };
}

export function userViewOf(facts: AccountFacts): UserView {
  return {
    id: facts.id,
    orgId: facts.orgId,
    email: facts.email,
    name: facts.name,
    status: facts.status as UserView['status'],
    profileId: facts.profileId,
  };
}

export function administratorViewOf(facts: AccountFacts): AdministratorView {
  return {
    id: facts.id,
    orgId: facts.orgId,
    email: facts.email,
    name: facts.name,
    role: facts.role!,
  };
}

/** The SSO rule an organisation's state holds, at its version. */
function ssoPolicyOfState({
  state,
  version,
}: {
  state: OrganizationState;
  version: number;
}): SsoPolicy {
  if (!state.exists || !state.sso) return ssoPolicyOf({ version });
  const { justInTimeProvisioning } = state.sso;
  return ssoPolicyOf({
    settings: { justInTimeProvisioning, enforcement: state.enforcement },
    version,
  });
}

/**
 * Writes what a command changed, right after its append and before the answer (read-your-
 * writes): the aggregate's state to its read-model document and, for an account, to its sign-in
 * document, one write each whatever the number of events. `stamp` also copies the
 * organisation's and profile's rules onto the sign-in document (a new account, another profile).
 */
export class IdentityProjector {
  constructor(
    private readonly readModel: IdentityReadModel,
    private readonly directory: SignInDirectory,
    private readonly policy: SignInPolicy,
    private readonly aggregates: {
      users: OrganizationAggregates<UserCommand, UserState, UserEvent>;
      administrators: OrganizationAggregates<
        AdministratorCommand,
        AdministratorState,
        AdministratorEvent
      >;
      organizations: OrganizationAggregates<
        OrganizationCommand,
        OrganizationState,
        OrganizationEvent
      >;
    },
  ) {}

  async user(
    id: string,
    orgId: string,
    handled: Handled<UserState>,
    { stamp = false } = {},
  ): Promise<UserView> {
    const facts = await this.account(
      handled,
      (state) => (state.exists ? userFacts(id, orgId, state) : undefined),
      (state, version) =>
        state.exists ? this.readModel.saveUser(id, orgId, state, version) : Promise.resolve(true),
      () => this.aggregates.users.load(id),
      stamp,
    );
    return userViewOf(facts);
  }

  async administrator(
    id: string,
    orgId: string,
    handled: Handled<AdministratorState>,
    { stamp = false } = {},
  ): Promise<AccountFacts> {
    return this.account(
      handled,
      (state) => (state.exists ? administratorFacts(id, orgId, state) : undefined),
      (state, version) =>
        state.exists
          ? this.readModel.saveAdministrator(id, orgId, state, version)
          : Promise.resolve(true),
      () => this.aggregates.administrators.load(id),
      stamp,
    );
  }

  /** With `ssoChanged`, the organisation's SSO rule then goes to all its accounts. */
  async organization(
    id: string,
    handled: Handled<OrganizationState>,
    { ssoChanged = false } = {},
  ): Promise<void> {
    let latest = handled as { state: OrganizationState; version: number };
    if (handled.events.length > 0) {
      await projectLatest(
        handled,
        (state, version) => {
          latest = { state, version };
          return state.exists
            ? this.readModel.saveOrganization(id, state, version)
            : Promise.resolve(true);
        },
        () => this.aggregates.organizations.load(id),
      );
    }
    // Even when nothing changed: a request repeated after a failure finishes the push.
    if (ssoChanged) await this.policy.organizationChanged(id, ssoPolicyOfState(latest));
  }

  private async account<State>(
    handled: Handled<State>,
    factsOf: (state: State) => AccountFacts | undefined,
    saveReadModel: (state: State, version: number) => Promise<boolean>,
    load: () => Promise<{ state: State; version: number }>,
    stamp: boolean,
  ): Promise<AccountFacts> {
    let latest: AccountFacts | undefined = factsOf(handled.state);
    if (handled.events.length > 0) {
      await projectLatest(
        handled,
        async (state, version) => {
          const facts = factsOf(state);
          if (!facts) return true;
          latest = facts;
          const key = signInKey(surfaceOf(facts.kind), facts.email);
          const [readModel, signIn] = await Promise.all([
            saveReadModel(state, version),
            this.directory.saveAccount(key, facts, version),
          ]);
          return readModel && signIn;
        },
        load,
      );
    }
    if (!latest) throw new Error('no account to project');
    if (stamp && handled.events.length > 0)
      await this.policy.stamp(signInKey(surfaceOf(latest.kind), latest.email), latest);
    return latest;
  }
}
