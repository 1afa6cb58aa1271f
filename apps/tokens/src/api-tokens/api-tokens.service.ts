import { randomUUID } from 'node:crypto';

import type {
  ApiTokenRequest,
  ApiTokenView,
  ApiTokenWithSecret,
  AuthenticateTokenRequest,
  AuthenticateTokenResponse,
  CommandContext,
  CreateApiTokenRequest,
} from '@coffer/contracts';
import type { CommandHandler } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

import {
  type ApiTokenCommand,
  apiTokenDecider,
  type ApiTokenEvent,
  type ApiTokenState,
} from './api-token.decider';
import { type ApiTokensReadModel, tokenFields } from './api-tokens-read-model';
import type { TokenSecrets } from './token-secrets';

/** Record "last used" at most this often, so using a token does not mean a write every time. */
const TOUCH_INTERVAL_MS = 60_000;

const notFound = () => new ServiceError('api-token-not-found');

export class ApiTokensService {
  constructor(
    /** Writes each command's events to the read model and nudges the relay (see main.ts). */
    private readonly tokens: CommandHandler<ApiTokenCommand, ApiTokenState, ApiTokenEvent>,
    private readonly readModel: ApiTokensReadModel,
    private readonly secrets: TokenSecrets,
    private readonly settings: { maxLifetimeMs: number },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(request: CreateApiTokenRequest): Promise<ApiTokenWithSecret> {
    const secret = this.secrets.generate();
    const id = this.secrets.tokenIdOf(secret)!;
    const expiresAt = new Date(request.expiresAt);
    // Decide first (the expiry rules), store the secret, then append: a crash in between
    // leaves an orphaned secret that matches no token, never a token without its secret.
    const command: ApiTokenCommand = {
      type: 'CreateApiToken',
      name: request.name,
      ownerId: request.ownerId,
      ownerEmail: request.ownerEmail.toLowerCase(),
      expiresAt,
      lastFour: secret.slice(-4),
      now: this.now(),
      maxLifetimeMs: this.settings.maxLifetimeMs,
    };
    apiTokenDecider.decide(command, apiTokenDecider.initialState());
    await this.secrets.store(id, secret);
    // The id comes from a secret made just now: there is no stream to load.
    const { events } = await this.tokens.handle(id, request.orgId, command, request.context, {
      fresh: true,
    });
    return { token: viewOf(id, tokenFields(events)), secret };
  }

  async list(ownerId: string): Promise<ApiTokenView[]> {
    return this.readModel.ofOwner(ownerId);
  }

  /** "Copy Token": the secret again, for a still-valid token of the caller's own. */
  async copySecret(request: Omit<ApiTokenRequest, 'context'>): Promise<ApiTokenWithSecret> {
    const token = await this.owned(request);
    if (token.status !== 'active' || new Date(token.expiresAt) <= this.now()) {
      throw new ServiceError('api-token-not-valid');
    }
    const secret = await this.secrets.reveal(token.id);
    if (!secret) throw notFound();
    return { token, secret };
  }

  async revoke(request: ApiTokenRequest): Promise<ApiTokenView> {
    const token = await this.owned(request);
    const { events } = await this.tokens.handle(
      request.tokenId,
      request.orgId,
      { type: 'RevokeApiToken' },
      request.context,
    );
    const { orgId: _orgId, ownerEmail: _ownerEmail, ...view } = token;
    return { ...view, ...(events.length > 0 ? { status: 'revoked' as const } : {}) };
  }

  /**
   * Email + token: the token must be live and belong to that email. One answer for every
   * failure. One read: the secret names the token's document.
   */
  async authenticate(request: AuthenticateTokenRequest): Promise<AuthenticateTokenResponse> {
    const token = await this.tokenOf(request.secret);
    const now = this.now();
    const valid =
      token !== undefined &&
      token.status === 'active' &&
      new Date(token.expiresAt) > now &&
      token.ownerEmail === request.email.trim().toLowerCase();
    if (!valid) return { ok: false };
    if (
      !token.lastUsedAt ||
      now.getTime() - new Date(token.lastUsedAt).getTime() > TOUCH_INTERVAL_MS
    ) {
      await this.readModel.touch(token.id, now);
    }
    return { ok: true, ownerId: token.ownerId, orgId: token.orgId, tokenId: token.id };
  }

  /** Records the expiry of tokens whose date has passed (they stopped working at that moment already). */
  async expireDue(): Promise<number> {
    const due = await this.readModel.activeExpiredBy(this.now());
    const context: CommandContext = { actor: { type: 'system' }, correlationId: randomUUID() };
    for (const token of due) {
      // Expiring depends on nothing a caller saw: a concurrent revocation is decided on again.
      await this.tokens.handle(
        token.id,
        token.orgId,
        { type: 'ExpireApiToken', now: this.now() },
        context,
        { retryOnConflict: true },
      );
    }
    return due.length;
  }

  /** The token a secret names: by its id under the current HMAC key, then under older ones. */
  private async tokenOf(secret: string) {
    for (const tokenId of this.secrets.candidateIdsOf(secret)) {
      const token = await this.readModel.get(tokenId);
      if (token) return token;
    }
    return undefined;
  }

  private async owned(request: Omit<ApiTokenRequest, 'context'>) {
    const token = await this.readModel.get(request.tokenId);
    if (!token || token.orgId !== request.orgId || token.ownerId !== request.ownerId)
      throw notFound();
    return token;
  }
}

/** A token just created, as its owner sees it, from what its events set. */
function viewOf(id: string, fields: ReturnType<typeof tokenFields>): ApiTokenView {
  return {
    id,
    name: fields.name!,
    ownerId: fields.ownerId!,
    createdAt: fields.createdAt!.toISOString(),
    expiresAt: fields.expiresAt!.toISOString(),
    lastUsedAt: null,
    lastFour: fields.lastFour!,
    status: fields.status!,
  };
}
