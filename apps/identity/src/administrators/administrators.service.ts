import { randomUUID } from 'node:crypto';

import type {
  AdministratorView,
  AdministratorRequest,
  ChangeAdministratorRoleRequest,
  CreateAdministratorRequest,
} from '@coffer/contracts';
import type { AggregateRepository } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

import type { CredentialStore } from '../credentials/credential-store';
import type { PasswordHasher } from '../credentials/password-hasher';
import { assertAcceptablePassword } from '../credentials/password-policy';
import { assertCloudAdministrator } from '../shared/cloud-administrator-check';
import type { IdentityReadModel } from '../shared/identity-read-model';
import { emailKey, type Reservations } from '../shared/reservations';
import type {
  AdministratorCommand,
  AdministratorEvent,
  AdministratorState,
} from './administrator.decider';

const MANAGE_ADMINISTRATORS_REFUSAL = 'Only a cloud administrator can manage administrators.';

export class AdministratorsService {
  constructor(
    private readonly administrators: AggregateRepository<
      AdministratorCommand,
      AdministratorState,
      AdministratorEvent
    >,
    private readonly readModel: IdentityReadModel,
    private readonly reservations: Reservations,
    private readonly credentials: CredentialStore,
    private readonly hasher: PasswordHasher,
    private readonly onAppended: () => void,
  ) {}

  async create(request: CreateAdministratorRequest): Promise<AdministratorView> {
    await assertCloudAdministrator(
      this.readModel,
      request.context,
      request.orgId,
      MANAGE_ADMINISTRATORS_REFUSAL,
    );
    assertAcceptablePassword(request.password);
    if (!(await this.readModel.organizations.findOne({ _id: request.orgId }))) {
      throw new ServiceError('organization-not-found', 'This organisation does not exist.');
    }
    const id = randomUUID();
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
        await this.credentials.setPassword(id, await this.hasher.hash(request.password));
        const { events } = await this.administrators.handle(
          id,
          request.orgId,
          {
            type: 'CreateAdministrator',
            email: request.email,
            name: request.name,
            role: request.role,
            withFailSafePassword: true,
          },
          request.context,
        );
        for (const event of events) await this.readModel.apply(event);
      },
    );
    this.onAppended();
    return {
      id,
      orgId: request.orgId,
      email: request.email,
      name: request.name,
      role: request.role,
    };
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

  private async change(request: AdministratorRequest, command: AdministratorCommand) {
    await assertCloudAdministrator(
      this.readModel,
      request.context,
      request.orgId,
      MANAGE_ADMINISTRATORS_REFUSAL,
    );
    const target = await this.readModel.administratorById(request.administratorId);
    if (!target || target.orgId !== request.orgId) {
      throw new ServiceError(
        'administrator-not-found',
        'There is no such administrator in your organisation.',
      );
    }
    const { events } = await this.administrators.handle(
      request.administratorId,
      request.orgId,
      command,
      request.context,
    );
    for (const event of events) await this.readModel.apply(event);
    this.onAppended();
    const { status: _status, ...view } = (await this.readModel.administratorById(
      request.administratorId,
    ))!;
    return view;
  }
}
