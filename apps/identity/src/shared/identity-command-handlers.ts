import { CommandHandler, type EventStore } from '@coffer/event-sourcing';

import {
  type AdministratorCommand,
  administratorDecider,
  type AdministratorEvent,
  type AdministratorState,
} from '../administrators/administrator.decider';
import {
  type OrganizationCommand,
  organizationDecider,
  type OrganizationEvent,
  type OrganizationState,
} from '../organizations/organization.decider';
import type { SignInDirectory } from '../sign-in/sign-in-directory';
import type { SignInPolicy } from '../sign-in/sign-in-policy';
import {
  type UserCommand,
  userDecider,
  type UserEvent,
  type UserState,
} from '../users/user.decider';
import { afterAppend } from './after-append';
import { IdentityProjector } from './identity-projector';
import type { IdentityReadModel } from './identity-read-model';

export type OrganizationCommands = CommandHandler<
  OrganizationCommand,
  OrganizationState,
  OrganizationEvent
>;
export type AdministratorCommands = CommandHandler<
  AdministratorCommand,
  AdministratorState,
  AdministratorEvent
>;
export type UserCommands = CommandHandler<UserCommand, UserState, UserEvent>;

export interface IdentityCommands {
  organizations: OrganizationCommands;
  administrators: AdministratorCommands;
  users: UserCommands;
  projector: IdentityProjector;
}

/**
 * Identity's three aggregates, each behind a command handler that applies the inline read
 * models (`IdentityProjector`) to what it appended and then wakes the outbox relay.
 */
export function identityCommands(
  store: EventStore,
  readModel: IdentityReadModel,
  directory: SignInDirectory,
  policy: SignInPolicy,
  nudge: () => void,
): IdentityCommands {
  const organizations: OrganizationCommands = new CommandHandler(store, organizationDecider, {
    project: (events, reached) => afterAppend(() => projector.organization(events, reached)),
    nudge,
  });
  const administrators: AdministratorCommands = new CommandHandler(store, administratorDecider, {
    project: (events, reached) => afterAppend(() => projector.administrator(events, reached)),
    nudge,
  });
  const users: UserCommands = new CommandHandler(store, userDecider, {
    project: (events, reached) => afterAppend(() => projector.user(events, reached)),
    nudge,
  });
  // A write overtaken by a newer command's is done again from the aggregate's latest state.
  const projector = new IdentityProjector(readModel, directory, policy, {
    organizations: (id) => organizations.load(id),
    administrators: (id) => administrators.load(id),
    users: (id) => users.load(id),
  });
  return { organizations, administrators, users, projector };
}
