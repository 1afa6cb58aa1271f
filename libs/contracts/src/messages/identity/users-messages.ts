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

/** The columns the console's Users table sorts by on the server. */
export const userSortSchema = z.enum(['email', 'name', 'status', 'profile', 'created'], {
  errorMap: () => ({ message: 'Sort by email, name, status, profile or created.' }),
});
export type UserSort = z.output<typeof userSortSchema>;
export const sortOrderSchema = z.enum(['asc', 'desc'], {
  errorMap: () => ({ message: 'The order is asc or desc.' }),
});

/** The largest page the Users list answers. */
export const USERS_PAGE_SIZE_MAX = 500;

/** Users → one page of a search: numbered pages, so a pager can jump and a total can be shown. */
export const usersPageQuerySchema = z.object({
  query: z.string().max(200).optional().describe('Matched case-insensitively in email and name'),
  status: z
    .enum(['active', 'disabled', 'preserved'], {
      errorMap: () => ({ message: 'The status is active, disabled or preserved.' }),
    })
    .optional(),
  sort: userSortSchema.default('email'),
  order: sortOrderSchema.default('asc'),
  page: z.number().int().min(1).max(100_000).default(1).describe('1 for the first page'),
  pageSize: z.number().int().min(1).max(USERS_PAGE_SIZE_MAX).default(100),
});

export interface UsersPage {
  users: UserView[];
  /** How many users match the search and the status filter, on every page. */
  total: number;
  page: number;
  pageSize: number;
}

/** The user's page: what the list shows, and whether they have chosen a password yet. */
export type UserDetailView = UserView & {
  /** False until the user chose a password (Resend invite is for them). */
  passwordSet: boolean;
};

/** Users → select → Disable (or another action) on several users in one request. */
export const bulkUserStatusBody = z
  .object({
    action: userStatusActionSchema,
    userIds: z
      .array(z.string().min(1).max(100))
      .min(1, 'Select at least one user.')
      .max(USERS_PAGE_SIZE_MAX, `At most ${USERS_PAGE_SIZE_MAX} users at once.`),
  })
  .strict();

/** What happened to each user of a bulk change, in the order asked. */
export interface BulkUserStatusResult {
  results: (
    | { userId: string; ok: true; user: UserView }
    | { userId: string; ok: false; code: string; message: string }
  )[];
  changed: number;
  failed: number;
}

/** How a sign-in was attempted, as the user's page shows it. */
export interface SignInHistoryEntry {
  /** The sign-in event's id. */
  id: string;
  at: string;
  surface: 'portal' | 'console';
  /** `pst-download`: on the PST download page rather than at the surface's own sign-in. */
  via?: 'pst-download';
  outcome: 'succeeded' | 'failed';
  /** password or SSO (SAML); absent for a refusal that came before a method was known. */
  method?: 'password' | 'saml' | 'passkey';
  /** Why a failed attempt was refused (bad-credentials, user-disabled, …). */
  reason?: string;
  ip?: string;
  userAgent?: string;
}

export interface SignInHistory {
  userId: string;
  /** Newest first; the most recent ones only (see `SIGN_IN_HISTORY_KEPT`). */
  entries: SignInHistoryEntry[];
}

/** How many attempts the history keeps per account. */
export const SIGN_IN_HISTORY_KEPT = 50;

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
  /** The console's Users table: one page, sorted and filtered, with the total. */
  page: defineMessage<UsersPage>()({
    service: 'identity',
    pattern: 'identity.users.page',
    request: usersPageQuerySchema.extend({ orgId: orgIdSchema }),
    errors: ['invalid-request'],
  }),
  get: defineMessage<UserDetailView>()({
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
  /** One request for several users; each is changed on its own and answered on its own. */
  bulkChangeStatus: defineMessage<BulkUserStatusResult>()({
    service: 'identity',
    pattern: 'identity.users.bulk-change-status',
    request: bulkUserStatusBody.strip().extend({
      context: commandContextSchema,
      orgId: orgIdSchema,
    }),
    body: bulkUserStatusBody,
    errors: ['invalid-request'],
  }),
  /** Emails a fresh link to choose a password to a user who has not chosen one yet. */
  resendInvitation: defineMessage<{ sent: true }>()({
    service: 'identity',
    pattern: 'identity.users.resend-invitation',
    request: userCommandSchema,
    errors: ['user-not-found', 'user-password-already-set', 'user-not-active', 'concurrent-change'],
  }),
  /** The user's recent sign-in attempts, from identity's sign-in events. */
  signInHistory: defineMessage<SignInHistory>()({
    service: 'identity',
    pattern: 'identity.users.sign-in-history',
    request: z.object({ orgId: orgIdSchema, userId: userIdSchema }),
    errors: ['user-not-found'],
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
export type UsersPageRequest = z.output<typeof UsersMessages.page.request>;
export type BulkUserStatusRequest = z.output<typeof UsersMessages.bulkChangeStatus.request>;
export type ResendInvitationRequest = z.output<typeof UsersMessages.resendInvitation.request>;
export type CreateUserRequest = z.output<typeof UsersMessages.create.request>;
export type ChangeUserStatusRequest = z.output<typeof UsersMessages.changeStatus.request>;
export type ImportUsersRequest = z.output<typeof UsersMessages.import.request>;
export type AssignProfileRequest = z.output<typeof UsersMessages.assignProfile.request>;
