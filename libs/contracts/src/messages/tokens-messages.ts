import type { CommandContext } from '../envelope';

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

export interface CreateApiTokenRequest {
  context: CommandContext;
  orgId: string;
  ownerId: string;
  ownerEmail: string;
  name: string;
  expiresAt: string;
}

/** The only time the secret travels: in the answer to its creation, and to Copy Token. */
export interface ApiTokenWithSecret {
  token: ApiTokenView;
  secret: string;
}

export interface ApiTokenRequest {
  context: CommandContext;
  orgId: string;
  ownerId: string;
  tokenId: string;
}

export interface AuthenticateTokenRequest {
  email: string;
  secret: string;
}

export type AuthenticateTokenResponse =
  { ok: true; ownerId: string; orgId: string; tokenId: string } | { ok: false };
