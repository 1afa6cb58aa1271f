import { randomUUID } from 'node:crypto';

import type {
  AdministratorRequest,
  AdministratorView,
  ChangeAdministratorRoleRequest,
  CreateAdministratorRequest,
} from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import type { AdministratorInvitations } from '../credentials/administrator-invitations';
import type { CredentialStore } from '../credentials/credential-store';
import type { PasswordHasher } from '../credentials/password-hasher';
import { assertAcceptablePassword } from '../credentials/password-policy';
import { assertCloudAdministrator } from '../shared/cloud-administrator-check';
import type { AdministratorCommands } from '../shared/identity-command-handlers';
import { administratorFacts, administratorViewOf } from '../shared/identity-projector';
import type { IdentityReadModel } from '../shared/identity-read-model';
import { emailKey, type Reservations } from '../shared/reservations';
import type { Sessions } from '../sign-in/sessions';
import { signInKey } from '../sign-in/sign-in-key';
import type { AdministratorCommand } from './administrator.decider';

const MANAGE_ADMINISTRATORS_REFUSAL = 'Only a cloud administrator can manage administrators.';

const administratorNotFound = () =>
  new ServiceError(
    'administrator-not-found',
    'There is no such administrator in your organisation.',
  );

export class AdministratorsService {
  constructor(
    private readonly administrators: AdministratorCommands,
    private readonly readModel: IdentityReadModel,
    private readonly reservations: Reservations,
    private readonly credentials: CredentialStore,
    private readonly hasher: PasswordHasher,
    private readonly invitations: AdministratorInvitations,
    private readonly sessions: Sessions,
  ) {}

  /** Whether an administrator (of any organisation: emails are unique) has this email. */
  async emailInUse(email: string): Promise<boolean> {
    return (await this.reservations.holder(emailKey('administrator', email))) !== undefined;
  }

  async create(request: CreateAdministratorRequest): Promise<AdministratorView> {
    await assertCloudAdministrator(
      this.readModel,
      request.context,
      request.orgId,
      MANAGE_ADMINISTRATORS_REFUSAL,
    );
    if (request.password !== undefined) {
      assertAcceptablePassword(request.password, 'administrator', [request.email, request.name]);
    }
    if (!(await this.readModel.organizations.findOne({ _id: request.orgId }))) {
      throw new ServiceError('organization-not-found', 'This organisation does not exist.');
    }
    const id = randomUUID();
    const invited = request.password === undefined && request.invite;
    const key = emailKey('administrator', request.email);
    await this.reservations.holdWhile(
      key,
      id,
      new ServiceError(
        'administrator-exists',
        'An administrator with this email address already exists.',
      ),
      async () => {
        // The hash is stored before the events: a crash in between leaves an unused credential, never
        // an administrator whose events say a password was set that cannot be checked.
        if (request.password !== undefined) {
          const hash = await this.hasher.hash(request.password);
          await this.credentials.setPassword(signInKey('console', request.email), id, hash);
        }
        return this.administrators.handle(
          id,
          request.orgId,
          {
            type: 'CreateAdministrator',
            email: request.email,
            name: request.name,
            role: request.role,
            withFailSafePassword: request.password !== undefined,
            invited,
          },
          request.context,
          // A new random id: nothing to load.
          { fresh: true },
        );
      },
    );
    const administrator: AdministratorView = {
      id,
      orgId: request.orgId,
      email: request.email,
      name: request.name,
      role: request.role,
    };
    if (invited) await this.invitations.invite(administrator, request.context.actor.email);
    return administrator;
  }

  async activeById(id: string): Promise<AdministratorView | undefined> {
    const administrator = await this.readModel.administratorById(id);
    if (!administrator || administrator.status !== 'active') return undefined;
    const { status: _status, ...view } = administrator;
    return view;
  }

  async list(orgId: string) {
    return this.readModel.administratorsOf(orgId);
  }

  async changeRole(request: ChangeAdministratorRoleRequest): Promise<AdministratorView> {
    return this.change(request, { type: 'ChangeAdministratorRole', role: request.role });
  }

  async disable(request: AdministratorRequest): Promise<AdministratorView> {
    if (request.context.actor.id === request.administratorId) {
      throw new ServiceError('cannot-disable-self', 'You cannot disable your own account.');
    }
    return this.change(request, { type: 'DisableAdministrator' });
  }

  /**
   * Lets a disabled administrator sign in again. A disabled account's sessions are refused but
   * kept; they are ended first, so enabling never revives a session from before the disabling.
   */
  async enable(request: AdministratorRequest): Promise<AdministratorView> {
    await assertCloudAdministrator(
      this.readModel,
      request.context,
      request.orgId,
      MANAGE_ADMINISTRATORS_REFUSAL,
    );
    const target = await this.readModel.administratorById(request.administratorId);
    if (!target || target.orgId !== request.orgId) throw administratorNotFound();
    if (target.status === 'disabled') await this.sessions.endAllOf(target.id);
    return this.change(request, { type: 'EnableAdministrator' });
  }

  private async change(request: AdministratorRequest, command: AdministratorCommand) {
    await assertCloudAdministrator(
      this.readModel,
      request.context,
      request.orgId,
      MANAGE_ADMINISTRATORS_REFUSAL,
    );
    const handled = await this.administrators.handle(
      request.administratorId,
      request.orgId,
      command,
      request.context,
      // The role or status is set, whatever it was: decided again on a concurrent change's state.
      { notFound: administratorNotFound, retryOnConflict: true },
    );
    if (!handled.state.exists) throw administratorNotFound();
    return administratorViewOf(
      administratorFacts(request.administratorId, request.orgId, handled.state),
    );
  }
}
