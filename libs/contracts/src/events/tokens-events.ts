export interface TokensEventPayloads {
  /** Never the secret: only its last four characters, to tell tokens apart. */
  'tokens.api-token.created': {
    name: string;
    ownerId: string;
    ownerEmail: string;
    expiresAt: string;
    lastFour: string;
  };
  'tokens.api-token.revoked': { name: string; ownerEmail: string };
  'tokens.api-token.expired': { name: string; ownerEmail: string; expiresAt: string };
}

export type TokensEventType = keyof TokensEventPayloads;
