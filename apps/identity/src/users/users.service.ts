import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import type {
  AssignProfileRequest,
  BulkUserStatusRequest,
  BulkUserStatusResult,
  ChangeUserStatusRequest,
  ChoosePasswordRequest,
  CreateUserRequest,
  ImportUsersRequest,
  ImportUsersResult,
  ListUsersRequest,
  ResendInvitationRequest,
  SignInHistory as SignInHistoryView,
  UserDetailView,
  UsersPage,
  UsersPageRequest,
  UserStatusAction,
  UserView,
} from '@coffer/contracts';
import { emailSchema, ServiceError } from '@coffer/service-kit';

import { CredentialStore } from '../credentials/credential-store';
import type { PasswordHasher } from '../credentials/password-hasher';
import type { PasswordInvitations } from '../credentials/password-invitations';
import { assertAcceptablePassword } from '../credentials/password-policy';
import type { ProfileAccess } from '../profile-access/profile-access';
import type { UserCommands } from '../shared/identity-command-handlers';
import { userFacts, userViewOf } from '../shared/identity-projector';
import type { IdentityReadModel } from '../shared/identity-read-model';
import { emailKey, type Reservations } from '../shared/reservations';
import type { SignInDirectory } from '../sign-in/sign-in-directory';
import { signInKey } from '../sign-in/sign-in-key';
import type { SignInHistory } from '../sign-in-history/sign-in-history';
import type { UserCommand, UserState } from './user.decider';

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

/** The answer to a command: the user as the command left them. */
function viewOf(id: string, orgId: string, state: UserState): UserView {
  if (!state.exists) throw new Error('the user has no events');
  return userViewOf(userFacts(id, orgId, state));
}

export class UsersService {
  constructor(
    private readonly users: UserCommands,
    private readonly readModel: IdentityReadModel,
    private readonly reservations: Reservations,
    private readonly credentials: CredentialStore,
    private readonly hasher: PasswordHasher,
    private readonly invitations: PasswordInvitations,
    private readonly profileAccess: ProfileAccess,
    private readonly directory: SignInDirectory,
    private readonly history: SignInHistory,
  ) {}

  /**
   * A user without a password is emailed a link to choose one, unless they sign in through
   * SSO only (`invite: false`, just-in-time provisioning).
   */
  async create(request: CreateUserRequest, { invite = true } = {}): Promise<UserView> {
    if (request.password !== undefined) {
      assertAcceptablePassword(request.password, 'user', [request.email, request.name]);
    }
    if (request.profileId !== undefined) {
      await this.assertProfileInOrganization(request.orgId, request.profileId);
    }
    const id = randomUUID();
    const key = emailKey('user', request.email);
    const handled = await this.reservations.holdWhile(
      key,
      id,
      new ServiceError('user-exists', 'A user with this email address already exists.'),
      async () => {
        if (request.password !== undefined) {
          const hash = await this.hasher.hash(request.password);
          await this.credentials.setPassword(signInKey('portal', request.email), id, hash);
        }
        return this.users.handle(
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
          // A new random id: nothing to load.
          { fresh: true },
        );
      },
    );
    const user = viewOf(id, request.orgId, handled.state);
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
    assertAcceptablePassword(request.newPassword, 'user');
    const userId = await this.invitations.redeem(request.token);
    if (!userId) {
      throw new ServiceError(
        'password-link-invalid',
        'This link has expired or was already used. Ask your administrator for a new one.',
      );
    }
    const user = await this.readModel.userById(userId);
    if (!user) {
      throw new ServiceError(
        'password-link-invalid',
        'This link has expired or was already used. Ask your administrator for a new one.',
      );
    }
    const hash = await this.hasher.hash(request.newPassword);
    await this.credentials.setPassword(signInKey('portal', user.email), userId, hash);
    return { passwordSet: true };
  }

  /**
   * Activate, disable or preserve. The read model is updated before this returns, so an
   * activated user can sign in with the very next request.
   */
  async changeStatus(request: ChangeUserStatusRequest): Promise<UserView> {
    const handled = await this.users.handle(
      request.userId,
      request.orgId,
      COMMAND_OF_ACTION[request.action],
      request.context,
      // A status is set, whatever it was: decided again on a concurrent change's state.
      { notFound: userNotFound, retryOnConflict: true },
    );
    return viewOf(request.userId, request.orgId, handled.state);
  }

  /**
   * The same change for several users, each its own command: one refusal (already disabled,
   * another organisation's id) does not stop the others, and each answer says what happened.
   */
  async bulkChangeStatus(request: BulkUserStatusRequest): Promise<BulkUserStatusResult> {
    const results: BulkUserStatusResult['results'] = [];
    for (const userId of new Set(request.userIds)) {
      try {
        const user = await this.changeStatus({ ...request, userId });
        results.push({ userId, ok: true, user });
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        const body = error.getError() as { code: string; message: string };
        results.push({ userId, ok: false, code: body.code, message: body.message });
      }
    }
    const changed = results.filter((result) => result.ok).length;
    return { results, changed, failed: results.length - changed };
  }

  /**
   * Emails a user who has not chosen a password yet a fresh link (the older one stops working),
   * and records that it was sent. Whether a password was chosen is on the sign-in document.
   */
  async resendInvitation(request: ResendInvitationRequest): Promise<{ sent: true }> {
    const user = await this.get(request.orgId, request.userId);
    const handled = await this.users.handle(
      request.userId,
      request.orgId,
      { type: 'ResendInvitation', passwordSet: user.passwordSet },
      request.context,
      { notFound: userNotFound, retryOnConflict: true },
    );
    await this.invitations.invite(viewOf(request.userId, request.orgId, handled.state));
    return { sent: true };
  }

  /** The user's recent sign-in attempts, newest first; another organisation's user is not found. */
  async signInHistory(orgId: string, userId: string): Promise<SignInHistoryView> {
    if (!(await this.readModel.userInOrganization(orgId, userId))) throw userNotFound();
    return { userId, entries: await this.history.of(orgId, userId) };
  }

  /** Moves a user to another profile of the same organisation; the next sign-in follows its rules. */
  async assignProfile(request: AssignProfileRequest): Promise<UserView> {
    await this.assertProfileInOrganization(request.orgId, request.profileId);
    const handled = await this.users.handle(
      request.userId,
      request.orgId,
      { type: 'AssignProfile', profileId: request.profileId },
      request.context,
      { notFound: userNotFound, retryOnConflict: true },
    );
    return viewOf(request.userId, request.orgId, handled.state);
  }

  /** A profile id from the request is one of the caller's organisation, never another's. */
  private async assertProfileInOrganization(orgId: string, profileId: string): Promise<void> {
    if (!(await this.profileAccess.exists(orgId, profileId))) {
      throw new ServiceError('profile-not-found', 'There is no such profile in your organisation.');
    }
  }

  list(request: ListUsersRequest): Promise<UserView[]> {
    return this.readModel.searchUsers(request.orgId, request.query, request.limit ?? 100);
  }

  page(request: UsersPageRequest): Promise<UsersPage> {
    return this.readModel.pageOfUsers(request);
  }

  async get(orgId: string, userId: string): Promise<UserDetailView> {
    const user = await this.readModel.userInOrganization(orgId, userId);
    if (!user) throw userNotFound();
    const signIn = await this.directory.get(signInKey('portal', user.email));
    return { ...user, passwordSet: CredentialStore.hashOf(signIn, user.id) !== undefined };
  }
}
