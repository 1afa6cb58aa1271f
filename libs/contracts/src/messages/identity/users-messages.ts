import { z } from 'zod';

import { commandContextSchema, emailSchema, orgIdSchema } from '../common-schemas';
import { defineMessage } from '../message-definition';
import { passwordInputSchema } from './administrators-messages';
import { PASSWORD_POLICY_ERRORS } from './password-policy-messages';
import type { UserView } from './sign-in-messages';

export interface ImportUsersResult {
  created: number;
  skipped: { line: number; email: string; reason: string }[];
}

const userIdSchema = z.string().min(1).max(100);
const profileIdSchema = z.string().min(1).max(100);

/** Users → Create: with a password, or (left out) an emailed link to choose one. */
export const createUserBody = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1, 'Enter the user name.').max(200),
    profileId: profileIdSchema
      .optional()
      .describe('The profile the user belongs to; the default profile when absent'),
    password: passwordInputSchema
      .optional()
      .describe(
        'GET /api/password-policy?for=user tells its rules; left out, the user is emailed a link to choose one',
      ),
  })
  .strict();

export const assignProfileBody = z.object({ profileId: profileIdSchema }).strict();

export const userStatusActionSchema = z.enum(['activate', 'disable', 'preserve']);
export type UserStatusAction = z.output<typeof userStatusActionSchema>;

const userCommandSchema = z.object({
  context: commandContextSchema,
  orgId: orgIdSchema,
  userId: userIdSchema,
});

export const UsersMessages = {
  list: defineMessage<UserView[]>()({
    service: 'identity',
    pattern: 'identity.users.list',
    request: z.object({
      orgId: orgIdSchema,
      query: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    errors: [],
  }),
  get: defineMessage<UserView>()({
    service: 'identity',
    pattern: 'identity.users.get',
    request: z.object({ orgId: orgIdSchema, userId: z.string().max(100) }),
    errors: ['user-not-found'],
  }),
  create: defineMessage<UserView>()({
    service: 'identity',
    pattern: 'identity.users.create',
    request: createUserBody.strip().extend({ context: commandContextSchema, orgId: orgIdSchema }),
    body: createUserBody,
    errors: ['invalid-request', 'user-exists', 'profile-not-found', ...PASSWORD_POLICY_ERRORS],
  }),
  changeStatus: defineMessage<UserView>()({
    service: 'identity',
    pattern: 'identity.users.change-status',
    request: userCommandSchema.extend({ action: userStatusActionSchema }),
    errors: ['invalid-request', 'user-not-found', 'user-status-unchanged', 'concurrent-change'],
  }),
  /** Each row is created on its own; the answer says which were skipped and why. */
  import: defineMessage<ImportUsersResult>()({
    service: 'identity',
    pattern: 'identity.users.import',
    request: z.object({
      context: commandContextSchema,
      orgId: orgIdSchema,
      rows: z
        .array(
          z.object({
            line: z.number().int(),
            email: z.string().max(1_000),
            name: z.string().max(1_000),
            profileId: z.string().optional(),
          }),
        )
        .max(10_000),
    }),
    errors: ['invalid-request'],
  }),
  assignProfile: defineMessage<UserView>()({
    service: 'identity',
    pattern: 'identity.users.assign-profile',
    request: userCommandSchema.extend({ profileId: profileIdSchema }),
    body: assignProfileBody,
    errors: ['invalid-request', 'user-not-found', 'profile-not-found', 'concurrent-change'],
  }),
};

export type ListUsersRequest = z.output<typeof UsersMessages.list.request>;
export type CreateUserRequest = z.output<typeof UsersMessages.create.request>;
export type ChangeUserStatusRequest = z.output<typeof UsersMessages.changeStatus.request>;
export type ImportUsersRequest = z.output<typeof UsersMessages.import.request>;
export type AssignProfileRequest = z.output<typeof UsersMessages.assignProfile.request>;
