import { z } from 'zod';

import { commandContextSchema } from '../common-schemas';
import { defineMessage } from '../message-definition';

export interface OrganizationView {
  id: string;
  name: string;
  slug: string;
}

const slugSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'The short name uses lower-case letters, digits and dashes (2 to 63).',
  );

/** Organisations: made by the operator (ops), never over HTTP. */
export const OrganizationsMessages = {
  create: defineMessage<OrganizationView>()({
    service: 'identity',
    pattern: 'identity.organization.create',
    request: z.object({
      context: commandContextSchema,
      name: z.string().trim().min(1, 'Enter the organisation name.').max(200),
      slug: slugSchema,
      /**
       * MFA required for administrators, with a grace period from now (on unless said otherwise;
       * the demo organisation leaves it off so its seeds can be clicked without a phone).
       */
      administratorMfaRequired: z.boolean().default(true),
    }),
    errors: ['invalid-request', 'organization-exists'],
  }),
  /** Null when no organisation has this short name. */
  findBySlug: defineMessage<OrganizationView | null>()({
    service: 'identity',
    pattern: 'identity.organization.find-by-slug',
    request: z.object({ slug: z.string().max(200) }),
    errors: [],
  }),
};

export type CreateOrganizationRequest = z.output<typeof OrganizationsMessages.create.request>;
