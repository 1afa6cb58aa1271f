import type { mongo } from 'mongoose';

import type {
  ApiTokenStatus,
  ApiTokenView,
  EventEnvelope,
  TokensEventPayloads,
} from '@coffer/contracts';
import { updateIfNewer, upsertIfNewer } from '@coffer/event-sourcing';

interface ApiTokenDocument {
  _id: string;
  orgId: string;
  ownerId: string;
  ownerEmail: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  lastFour: string;
  status: ApiTokenStatus;
  lastUsedAt: Date | null;
  version: number;
}

/** Tokens as their owners list them; written right after each append (read-your-writes). */
export class ApiTokensReadModel {
  readonly tokens: mongo.Collection<ApiTokenDocument>;

  constructor(db: mongo.Db) {
    this.tokens = db.collection<ApiTokenDocument>('api_tokens');
  }

  async ensureIndexes(): Promise<void> {
    await this.tokens.createIndex({ ownerId: 1 });
    await this.tokens.createIndex({ status: 1, expiresAt: 1 });
  }

  async apply(event: EventEnvelope): Promise<void> {
    const { id, version } = event.aggregate;
    switch (event.type) {
      case 'tokens.api-token.created': {
        const payload = event.payload as TokensEventPayloads[typeof event.type];
        await upsertIfNewer(this.tokens, id, version, {
          orgId: event.orgId,
          ownerId: payload.ownerId,
          ownerEmail: payload.ownerEmail,
          name: payload.name,
          createdAt: new Date(event.occurredAt),
          expiresAt: new Date(payload.expiresAt),
          lastFour: payload.lastFour,
          status: 'active',
          lastUsedAt: null,
        });
        return;
      }
      case 'tokens.api-token.revoked':
        await updateIfNewer(this.tokens, id, version, { status: 'revoked' });
        return;
      case 'tokens.api-token.expired':
        await updateIfNewer(this.tokens, id, version, { status: 'expired' });
        return;
    }
  }

  async ofOwner(ownerId: string): Promise<ApiTokenView[]> {
    const documents = await this.tokens.find({ ownerId }).sort({ createdAt: -1 }).toArray();
    return documents.map(toView);
  }

  async get(
    tokenId: string,
  ): Promise<(ApiTokenView & { orgId: string; ownerEmail: string }) | undefined> {
    const document = await this.tokens.findOne({ _id: tokenId });
    return document
      ? { ...toView(document), orgId: document.orgId, ownerEmail: document.ownerEmail }
      : undefined;
  }

  async activeExpiredBy(now: Date): Promise<{ id: string; orgId: string }[]> {
    const documents = await this.tokens
      .find({ status: 'active', expiresAt: { $lte: now } })
      .limit(100)
      .toArray();
    return documents.map((document) => ({ id: document._id, orgId: document.orgId }));
  }

  async touch(tokenId: string, now: Date): Promise<void> {
    await this.tokens.updateOne({ _id: tokenId }, { $set: { lastUsedAt: now } });
  }
}

function toView(document: ApiTokenDocument): ApiTokenView {
  return {
    id: document._id,
    name: document.name,
    ownerId: document.ownerId,
    createdAt: document.createdAt.toISOString(),
    expiresAt: document.expiresAt.toISOString(),
    lastUsedAt: document.lastUsedAt?.toISOString() ?? null,
    lastFour: document.lastFour,
    status: document.status,
  };
}
