import { z } from 'zod';

import { commandContextSchema, emailSchema, orgIdSchema } from './common-schemas';
import { serviceStatusMessages } from './health-messages';
import { defineMessage } from './message-definition';

export type ApiTokenStatus = 'active' | 'revoked' | 'expired';

export interface ApiTokenView {
  id: string;
  name: string;
  ownerId: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  lastFour: string;
  status: ApiTokenStatus;
}

/** The only time the secret travels: in the answer to its creation, and to Copy Token. */
export interface ApiTokenWithSecret {
  token: ApiTokenView;
  secret: string;
}

/** What the tokens service accepts, so the console offers only expiry dates it will take. */
export interface ApiTokenLimits {
  /** A token's expiry is at most this many days ahead (`COFFER_TOKEN_MAX_DAYS`). */
  maxDays: number;
}

export type AuthenticateTokenResponse =
  { ok: true; ownerId: string; orgId: string; tokenId: string } | { ok: false };

const tokenOwner = z.object({ orgId: orgIdSchema, ownerId: z.string().min(1).max(100) });
const ownedToken = tokenOwner.extend({ tokenId: z.string().min(1).max(100) });

/** What an administrator sends to create a token; the owner is who is signed in. */
export const createApiTokenBody = z
  .object({
    name: z.string().trim().min(1, 'Enter a name for the token.').max(100),
    expiresAt: z.string().datetime({
      offset: true,
      message: 'The expiry date must be an ISO-8601 date, for example 2027-01-31T00:00:00Z.',
    }),
  })
  .strict();

export const TokensMessages = {
  ...serviceStatusMessages('tokens'),
  create: defineMessage<ApiTokenWithSecret>()({
    service: 'tokens',
    pattern: 'tokens.create',
    request: createApiTokenBody.strip().extend({
      context: commandContextSchema,
      orgId: orgIdSchema,
      ownerId: z.string().min(1).max(100),
      ownerEmail: emailSchema,
    }),
    body: createApiTokenBody,
    errors: ['invalid-request', 'invalid-expiry', 'api-token-exists'],
  }),
  list: defineMessage<ApiTokenView[]>()({
    service: 'tokens',
    pattern: 'tokens.list',
    request: tokenOwner,
    errors: [],
  }),
  copySecret: defineMessage<ApiTokenWithSecret>()({
    service: 'tokens',
    pattern: 'tokens.copy-secret',
    request: ownedToken,
    errors: ['api-token-not-found', 'api-token-not-valid'],
  }),
  revoke: defineMessage<ApiTokenView>()({
    service: 'tokens',
    pattern: 'tokens.revoke',
    request: ownedToken.extend({ context: commandContextSchema }),
    errors: ['api-token-not-found', 'api-token-not-valid'],
  }),
  /** HTTP Basic with an email and a token instead of a password. */
  authenticate: defineMessage<AuthenticateTokenResponse>()({
    service: 'tokens',
    pattern: 'tokens.authenticate',
    request: z.object({ email: z.string().max(1_000), secret: z.string().max(1_000) }),
    errors: [],
  }),
};

export type CreateApiTokenRequest = z.output<typeof TokensMessages.create.request>;
export type ApiTokenRequest = z.output<typeof TokensMessages.revoke.request>;
export type AuthenticateTokenRequest = z.output<typeof TokensMessages.authenticate.request>;
