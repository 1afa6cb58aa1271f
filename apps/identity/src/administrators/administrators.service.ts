import { randomUUID } from 'node:crypto';

import type {
  AdministratorView,
  AuthenticateAdministratorRequest,
  AuthenticateAdministratorResponse,
  CreateAdministratorRequest,
} from '@coffer/contracts';
import type { AggregateRepository } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

import type { CredentialStore } from '../credentials/credential-store';
import type { PasswordHasher } from '../credentials/password-hasher';
import { assertAcceptablePassword } from '../credentials/password-policy';
import type { IdentityReadModel } from '../shared/identity-read-model';
import { emailKey, type Reservations } from '../shared/reservations';
import type {
  AdministratorCommand,
  AdministratorEvent,
  AdministratorState,
} from './administrator.decider';

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
    assertAcceptablePassword(request.password);
    if (!(await this.readModel.organizations.findOne({ _id: request.orgId }))) {
      throw new ServiceError('organization-not-found', 'This organisation does not exist.');
    }
    const id = randomUUID();
    const key = emailKey('administrator', request.email);
    await this.reservations.reserve(
      key,
      id,
      new ServiceError(
        'administrator-exists',
        'An administrator with this email address already exists.',
      ),
    );
    try {
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
    } catch (error) {
      await this.reservations.release(key, id);
      throw error;
    }
    this.onAppended();
    return {
      id,
      orgId: request.orgId,
      email: request.email,
      name: request.name,
      role: request.role,
    };
  }

  /** One answer for an unknown email, a wrong password and a disabled administrator, in the same time. */
  async authenticate(
    request: AuthenticateAdministratorRequest,
  ): Promise<AuthenticateAdministratorResponse> {
    const administrator = await this.readModel.administratorByEmail(request.email);
    const hash = administrator ? await this.credentials.passwordHash(administrator.id) : undefined;
    const matches = hash
      ? await this.hasher.verify(hash, request.password)
      : await this.hasher.verifyAgainstDummy(request.password);
    if (!administrator || !matches || administrator.status !== 'active') return { ok: false };
    const { status: _status, ...view } = administrator;
    return { ok: true, administrator: view };
  }
}
