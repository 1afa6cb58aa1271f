import type { AccountRef, CommandContext } from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import type { AdministratorCommands, UserCommands } from '../shared/identity-command-handlers';
import type { IdentityReadModel } from '../shared/identity-read-model';
import type { AccountFacts, SignInDirectory, SignInDocument } from '../sign-in/sign-in-directory';
import { signInKey, surfaceOf } from '../sign-in/sign-in-key';

/** What every MFA change records on the account's own aggregate, whichever kind it is. */
export type MfaCommand =
  | { type: 'RecordMfaEnrolment'; recoveryCodes: number }
  | { type: 'ResetMfa' }
  | { type: 'RegenerateRecoveryCodes'; recoveryCodes: number };

/** An account of the organisation with its sign-in document, where its factor lives. */
export interface MfaAccount {
  key: string;
  facts: AccountFacts;
  document: SignInDocument | undefined;
}

const notFound = {
  administrator: () =>
    new ServiceError(
      'administrator-not-found',
      'There is no such administrator in your organisation.',
    ),
  user: () => new ServiceError('user-not-found', 'There is no such user in your organisation.'),
};

/**
 * Administrators and end users keep their second factor the same way (on their sign-in
 * document); this finds either kind, scoped to the caller's organisation, and records an MFA
 * event on the right aggregate.
 */
export class MfaAccounts {
  constructor(
    private readonly readModel: IdentityReadModel,
    private readonly directory: SignInDirectory,
    private readonly administrators: AdministratorCommands,
    private readonly users: UserCommands,
  ) {}

  /** The account that acts: an end user when the actor is one, else an administrator. */
  static own(context: CommandContext): AccountRef | undefined {
    const id = context.actor.id;
    if (!id) return undefined;
    return { kind: context.actor.type === 'user' ? 'user' : 'administrator', id };
  }

  /** The account of this organisation and its sign-in document; another organisation's is not found. */
  async find(orgId: string, account: AccountRef | undefined): Promise<MfaAccount> {
    if (!account) throw notFound.administrator();
    const view =
      account.kind === 'administrator'
        ? await this.readModel.administratorById(account.id)
        : await this.readModel.userById(account.id);
    if (!view || view.orgId !== orgId) throw notFound[account.kind]();
    const key = signInKey(surfaceOf(account.kind), view.email);
    const document = await this.directory.get(key);
    const facts = document?.account;
    if (!facts || facts.id !== view.id || facts.kind !== account.kind)
      throw notFound[account.kind]();
    return { key, facts, document };
  }

  /** Records the change on the account's aggregate (the factor was stored before, or after a reset's event). */
  async record(facts: AccountFacts, command: MfaCommand, context: CommandContext): Promise<void> {
    const options = { notFound: notFound[facts.kind], retryOnConflict: true };
    if (facts.kind === 'administrator')
      await this.administrators.handle(facts.id, facts.orgId, command, context, options);
    else await this.users.handle(facts.id, facts.orgId, command, context, options);
  }
}
