import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import type {
  AssignProfileRequest,
  ChangeUserStatusRequest,
  ChoosePasswordRequest,
  ImportUsersRequest,
  ImportUsersResult,
  CreateUserRequest,
  ListUsersRequest,
  UserStatusAction,
  UserView,
} from '@coffer/contracts';
import type { AggregateRepository } from '@coffer/event-sourcing';
import { emailSchema, ServiceError } from '@coffer/service-kit';

import type { CredentialStore } from '../credentials/credential-store';
import type { PasswordHasher } from '../credentials/password-hasher';
import type { PasswordInvitations } from '../credentials/password-invitations';
import { assertAcceptablePassword } from '../credentials/password-policy';
import type { ProfileAccess } from '../profile-access/profile-access';
import type { IdentityReadModel } from '../shared/identity-read-model';
import { emailKey, type Reservations } from '../shared/reservations';
import type { UserCommand, UserEvent, UserState } from './user.decider';

const importRowSchema = z.object({
  email: emailSchema,
  name: z
    .string()
    .trim()
    .min(1, 'The name is empty.')
    .max(200, 'The name is longer than 200 characters.'),
  profileId: z.string().min(1).max(100).optional(),
});

const COMMAND_OF_ACTION: Record<UserStatusAction, UserCommand> = {
  activate: { type: 'ActivateUser' },
  disable: { type: 'DisableUser' },
  preserve: { type: 'PreserveUser' },
};

const userNotFound = () =>
  new ServiceError('user-not-found', 'There is no such user in your organisation.');

export class UsersService {
  constructor(
    private readonly users: AggregateRepository<UserCommand, UserState, UserEvent>,
    private readonly readModel: IdentityReadModel,
    private readonly reservations: Reservations,
    private readonly credentials: CredentialStore,
    private readonly hasher: PasswordHasher,
    private readonly invitations: PasswordInvitations,
    private readonly profileAccess: ProfileAccess,
    private readonly onAppended: () => void,
  ) {}

  /**
   * A user without a password is emailed a link to choose one, unless they sign in through
   * SSO only (`invite: false`, just-in-time provisioning).
   */
  async create(request: CreateUserRequest, { invite = true } = {}): Promise<UserView> {
    if (request.password !== undefined) assertAcceptablePassword(request.password);
    const id = randomUUID();
    const key = emailKey('user', request.email);
    await this.reservations.holdWhile(
      key,
      id,
      new ServiceError('user-exists', 'A user with this email address already exists.'),
      async () => {
        if (request.password !== undefined) {
          await this.credentials.setPassword(id, await this.hasher.hash(request.password));
        }
        const { events } = await this.users.handle(
          id,
          request.orgId,
          {
            type: 'CreateUser',
            email: request.email,
            name: request.name,
            profileId: request.profileId ?? null,
            hasPassword: request.password !== undefined,
          },
          request.context,
        );
        for (const event of events) await this.readModel.apply(event);
      },
    );
    this.onAppended();
    const user = (await this.readModel.userById(id)) as UserView;
    if (request.password === undefined && invite) await this.invitations.invite(user);
    return user;
  }

  /**
   * Creates each row's user, one by one, and reports what it could not create and why, so a
   * person can fix those lines and import them again (existing users are skipped, not changed).
   */
  async import(request: ImportUsersRequest): Promise<ImportUsersResult> {
    const skipped: ImportUsersResult['skipped'] = [];
    let created = 0;
    for (const row of request.rows) {
      const parsed = importRowSchema.safeParse(row);
      if (!parsed.success) {
        skipped.push({
          line: row.line,
          email: row.email,
          reason: parsed.error.issues[0]?.message ?? 'invalid row',
        });
        continue;
      }
      try {
        await this.create({ context: request.context, orgId: request.orgId, ...parsed.data });
        created++;
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        skipped.push({
          line: row.line,
          email: row.email,
          reason: (error.getError() as { message: string }).message,
        });
      }
    }
    return { created, skipped };
  }

  /** Sets the password of a user who followed an emailed link; the link works once. */
  async choosePassword(request: ChoosePasswordRequest): Promise<{ passwordSet: true }> {
    assertAcceptablePassword(request.newPassword);
    const userId = await this.invitations.redeem(request.token);
    if (!userId) {
      throw new ServiceError(
        'password-link-invalid',
        'This link has expired or was already used. Ask your administrator for a new one.',
      );
    }
    await this.credentials.setPassword(userId, await this.hasher.hash(request.newPassword));
    return { passwordSet: true };
  }

  /**
   * Activate, disable or preserve. The read model is updated before this returns, so an
   * activated user can sign in with the very next request.
   */
  async changeStatus(request: ChangeUserStatusRequest): Promise<UserView> {
    if (!(await this.readModel.userInOrganization(request.orgId, request.userId)))
      throw userNotFound();
    const { events } = await this.users.handle(
      request.userId,
      request.orgId,
      COMMAND_OF_ACTION[request.action],
      request.context,
    );
    for (const event of events) await this.readModel.apply(event);
    this.onAppended();
    return (await this.readModel.userById(request.userId)) as UserView;
  }

  /** Moves a user to another profile of the same organisation; the next sign-in follows its rules. */
  async assignProfile(request: AssignProfileRequest): Promise<UserView> {
    if (!(await this.readModel.userInOrganization(request.orgId, request.userId)))
      throw userNotFound();
    if (!(await this.profileAccess.exists(request.orgId, request.profileId))) {
      throw new ServiceError('profile-not-found', 'There is no such profile in your organisation.');
    }
    const { events } = await this.users.handle(
      request.userId,
      request.orgId,
      { type: 'AssignProfile', profileId: request.profileId },
      request.context,
    );
    for (const event of events) await this.readModel.apply(event);
    if (events.length > 0) this.onAppended();
    return (await this.readModel.userById(request.userId)) as UserView;
  }

  list(request: ListUsersRequest): Promise<UserView[]> {
    return this.readModel.searchUsers(request.orgId, request.query, request.limit ?? 100);
  }

  async get(orgId: string, userId: string): Promise<UserView> {
    const user = await this.readModel.userInOrganization(orgId, userId);
    if (!user) throw userNotFound();
    return user;
  }
}
