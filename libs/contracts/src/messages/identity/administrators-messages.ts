import { z } from 'zod';

import type { AdministratorRole } from '../../events/identity-events';
import { commandContextSchema, emailSchema, orgIdSchema } from '../common-schemas';
import { defineMessage } from '../message-definition';
import { PASSWORD_POLICY_ERRORS } from './password-policy-messages';

export interface AdministratorView {
  id: string;
  orgId: string;
  email: string;
  name: string;
  role: AdministratorRole;
}

/** As Manage Administrators lists them: disabled ones too. */
export type AdministratorListItem = AdministratorView & { status: string };

export const administratorRoleSchema = z.enum(['cloud-administrator', 'product-administrator'], {
  errorMap: () => ({ message: 'The role is cloud-administrator or product-administrator.' }),
});

/** The longest password the gateway lets through to a hash (the policy then says more). */
export const passwordInputSchema = z.string().max(1024, 'The password is too long.');

const administratorIdSchema = z.string().min(1).max(100);

/**
 * Manage Administrators → Invite: the new administrator is emailed a single-use link to choose
 * their fail-safe password (the administrators' password policy applies there), so nobody else
 * ever knows it. A script may still give one.
 */
export const createAdministratorBody = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1, 'Enter the administrator name.').max(200),
    role: administratorRoleSchema,
    password: passwordInputSchema
      .optional()
      .describe(
        'Left out (the console does), the administrator is emailed a link to choose one; GET /api/password-policy?for=administrator tells its rules',
      ),
  })
  .strict();

export const changeAdministratorRoleBody = z.object({ role: administratorRoleSchema }).strict();

/** A command on one administrator of the caller's organisation. */
export const administratorCommandSchema = z.object({
  context: commandContextSchema,
  orgId: orgIdSchema,
  administratorId: administratorIdSchema,
});

export const AdministratorsMessages = {
  create: defineMessage<AdministratorView>()({
    service: 'identity',
    pattern: 'identity.administrator.create',
    request: createAdministratorBody.strip().extend({
      context: commandContextSchema,
      orgId: orgIdSchema,
      /**
       * Without a password: email the link to choose one now (the console's invitation), or
       * leave that to the caller (`ops create-organization` sends it as a reset link).
       */
      invite: z.boolean().default(false),
    }),
    body: createAdministratorBody,
    errors: [
      'invalid-request',
      'forbidden',
      'organization-not-found',
      'administrator-exists',
      ...PASSWORD_POLICY_ERRORS,
    ],
  }),
  /** For the operator creating an organisation: whether an administrator already has this email. */
  emailInUse: defineMessage<{ inUse: boolean }>()({
    service: 'identity',
    pattern: 'identity.administrator.email-in-use',
    request: z.object({ email: emailSchema }),
    errors: ['invalid-request'],
  }),
  list: defineMessage<AdministratorListItem[]>()({
    service: 'identity',
    pattern: 'identity.administrator.list',
    request: z.object({ orgId: orgIdSchema }),
    errors: [],
  }),
  changeRole: defineMessage<AdministratorView>()({
    service: 'identity',
    pattern: 'identity.administrator.change-role',
    request: administratorCommandSchema.extend({ role: administratorRoleSchema }),
    body: changeAdministratorRoleBody,
    errors: [
      'invalid-request',
      'forbidden',
      'administrator-not-found',
      'administrator-unchanged',
      'concurrent-change',
    ],
  }),
  disable: defineMessage<AdministratorView>()({
    service: 'identity',
    pattern: 'identity.administrator.disable',
    request: administratorCommandSchema,
    errors: [
      'forbidden',
      'administrator-not-found',
      'administrator-unchanged',
      'cannot-disable-self',
      'concurrent-change',
    ],
  }),
  /** A disabled administrator may sign in again; their sessions ended when they were disabled. */
  enable: defineMessage<AdministratorView>()({
    service: 'identity',
    pattern: 'identity.administrator.enable',
    request: administratorCommandSchema,
    errors: [
      'forbidden',
      'administrator-not-found',
      'administrator-unchanged',
      'concurrent-change',
    ],
  }),
  /** An active administrator by id, or null: how the gateway checks a token's owner on every use. */
  getActive: defineMessage<AdministratorView | null>()({
    service: 'identity',
    pattern: 'identity.administrator.get',
    request: z.object({ administratorId: administratorIdSchema }),
    errors: [],
  }),
};

export type CreateAdministratorRequest = z.output<typeof AdministratorsMessages.create.request>;
export type AdministratorRequest = z.output<typeof administratorCommandSchema>;
export type ChangeAdministratorRoleRequest = z.output<
  typeof AdministratorsMessages.changeRole.request
>;
