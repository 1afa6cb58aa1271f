import {
  type AdministratorView,
  type EventEnvelope,
  type IdentityEvent,
  isIdentityEvent,
  type UserView,
} from '@coffer/contracts';
import { assertNever, type Handled } from '@coffer/event-sourcing';
import { projectLatest } from '@coffer/service-kit';

import type { AdministratorState } from '../administrators/administrator.decider';
import type { OrganizationState } from '../organizations/organization.decider';
import type { AccountFacts, SignInDirectory, SsoPolicy } from '../sign-in/sign-in-directory';
import { signInKey, surfaceOf } from '../sign-in/sign-in-key';
import { type SignInPolicy, ssoPolicyOf } from '../sign-in/sign-in-policy';
import type { UserState } from '../users/user.decider';
import { type IdentityReadModel, normalizeEmail } from './identity-read-model';

type Existing<State> = Extract<State, { exists: true }>;

/** An aggregate's latest state and version, read again when a write was overtaken. */
type Load<State> = (id: string) => Promise<{ state: State; version: number }>;

/** What an event asks of sign-in beyond its aggregate's own documents. */
interface SignInConsequences {
  /** Copy the organisation's and the profile's rules onto the account (new, or another profile). */
  stampRules: boolean;
  /** Push the organisation's SSO rule to all its accounts. */
  pushSso: boolean;
}

function consequencesOf(event: IdentityEvent): SignInConsequences {
  const none = { stampRules: false, pushSso: false };
  switch (event.type) {
    case 'identity.organization.created':
      return none;
    case 'identity.organization.sso-configured':
    case 'identity.organization.sso-enforcement-changed':
    case 'identity.organization.mfa-policy-changed':
      return { ...none, pushSso: true };
    case 'identity.administrator.created':
    case 'identity.user.created':
    case 'identity.user.profile-assigned':
      return { ...none, stampRules: true };
    case 'identity.administrator.password-reset-requested':
    case 'identity.administrator.fail-safe-password-set':
    case 'identity.administrator.role-changed':
    case 'identity.administrator.disabled':
    case 'identity.administrator.enabled':
    case 'identity.administrator.invited':
    case 'identity.administrator.mfa-enrolled':
    case 'identity.administrator.mfa-reset':
    case 'identity.administrator.recovery-codes-regenerated':
    case 'identity.user.mfa-enrolled':
    case 'identity.user.mfa-reset':
    case 'identity.user.recovery-codes-regenerated':
    case 'identity.administrator.passkey-registered':
    case 'identity.administrator.passkey-removed':
    case 'identity.user.activated':
    case 'identity.user.disabled':
    case 'identity.user.preserved':
    case 'identity.user.invitation-resent':
      return none;
    default:
      return assertNever(event);
  }
}

/** Whether any of a command's events asks for this. */
function anyAsks(events: EventEnvelope[], consequence: keyof SignInConsequences): boolean {
  return events.some((event) => isIdentityEvent(event) && consequencesOf(event)[consequence]);
}

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
export function ssoPolicyOfState({
  state,
  version,
}: {
  state: OrganizationState;
  version: number;
}): SsoPolicy {
  if (!state.exists) return ssoPolicyOf({ version });
  const { administratorMfa } = state;
  if (!state.sso) return ssoPolicyOf({ administratorMfa, version });
  const { justInTimeProvisioning } = state.sso;
  return ssoPolicyOf({
    settings: { justInTimeProvisioning, enforcement: state.enforcement },
    administratorMfa,
    version,
  });
}

/**
 * Identity's inline read models, applied by each command handler right after its append and
 * before the answer (read-your-writes): the state the aggregate reached goes to its read-model
 * document and, for an account, to its sign-in document, one write each whatever the number of
 * events. What else the events ask (rules copied onto an account, an organisation's SSO rule
 * pushed to its accounts) follows from their types.
 */
export class IdentityProjector {
  constructor(
    private readonly readModel: IdentityReadModel,
    private readonly directory: SignInDirectory,
    private readonly policy: SignInPolicy,
    private readonly load: {
      users: Load<UserState>;
      administrators: Load<AdministratorState>;
      organizations: Load<OrganizationState>;
    },
  ) {}

  user(events: EventEnvelope[], reached: Handled<UserState>): Promise<void> {
    const { id, orgId } = aggregateOf(events);
    const creation = events.find((event) => event.type === 'identity.user.created');
    const createdAt = creation ? new Date(creation.occurredAt) : undefined;
    return this.account(
      events,
      reached,
      (state) => (state.exists ? userFacts(id, orgId, state) : undefined),
      (state, version) =>
        state.exists
          ? this.readModel.saveUser(id, orgId, state, version, createdAt)
          : Promise.resolve(true),
      () => this.load.users(id),
    );
  }

  administrator(events: EventEnvelope[], reached: Handled<AdministratorState>): Promise<void> {
    const { id, orgId } = aggregateOf(events);
    return this.account(
      events,
      reached,
      (state) => (state.exists ? administratorFacts(id, orgId, state) : undefined),
      (state, version) =>
        state.exists
          ? this.readModel.saveAdministrator(id, orgId, state, version)
          : Promise.resolve(true),
      () => this.load.administrators(id),
    );
  }

  async organization(events: EventEnvelope[], reached: Handled<OrganizationState>): Promise<void> {
    const { id } = aggregateOf(events);
    let latest: { state: OrganizationState; version: number } = reached;
    await projectLatest(
      reached,
      (state, version) => {
        latest = { state, version };
        return state.exists
          ? this.readModel.saveOrganization(id, state, version)
          : Promise.resolve(true);
      },
      () => this.load.organizations(id),
    );
    if (anyAsks(events, 'pushSso')) await this.pushSso(id, latest);
  }

  /** The organisation's SSO rule to all its accounts; also to finish a push a failure cut short. */
  pushSso(orgId: string, reached: { state: OrganizationState; version: number }): Promise<void> {
    return this.policy.organizationChanged(orgId, ssoPolicyOfState(reached));
  }

  private async account<State>(
    events: EventEnvelope[],
    reached: Handled<State>,
    factsOf: (state: State) => AccountFacts | undefined,
    saveReadModel: (state: State, version: number) => Promise<boolean>,
    load: () => Promise<{ state: State; version: number }>,
  ): Promise<void> {
    let latest: AccountFacts | undefined = factsOf(reached.state);
    await projectLatest(
      reached,
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
    if (!latest) throw new Error('no account to project');
    if (anyAsks(events, 'stampRules'))
      await this.policy.stamp(signInKey(surfaceOf(latest.kind), latest.email), latest);
  }
}

/** The aggregate a command's events belong to (a command appends to one aggregate). */
function aggregateOf(events: EventEnvelope[]): { id: string; orgId: string } {
  const [first] = events;
  if (!first) throw new Error('nothing to project');
  return { id: first.aggregate.id, orgId: first.orgId };
}
