import type { mongo } from 'mongoose';

import {
  type ApiTokenStatus,
  type ApiTokenView,
  type EventEnvelope,
  isTokensEvent,
} from '@coffer/contracts';
import { assertNever } from '@coffer/event-sourcing';
import { projectLatest, writeVersioned } from '@coffer/service-kit';

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
  lastUsedAt?: Date | null;
  version: number;
}

/** What a token's events set on its document, folded in order (the last event's version with it). */
export function tokenFields(events: EventEnvelope[]): Partial<ApiTokenDocument> {
  let fields: Partial<ApiTokenDocument> = {};
  for (const event of events.filter(isTokensEvent)) {
    switch (event.type) {
      case 'tokens.api-token.created': {
        const { payload } = event;
        fields = {
          ...fields,
          orgId: event.orgId,
          ownerId: payload.ownerId,
          ownerEmail: payload.ownerEmail,
          name: payload.name,
          createdAt: new Date(event.occurredAt),
          expiresAt: new Date(payload.expiresAt),
          lastFour: payload.lastFour,
          status: 'active',
        };
        break;
      }
      case 'tokens.api-token.revoked':
        fields = { ...fields, status: 'revoked' };
        break;
      case 'tokens.api-token.expired':
        fields = { ...fields, status: 'expired' };
        break;
      default:
        assertNever(event);
    }
  }
  return fields;
}

/**
 * Tokens as their owners list them and as authentication reads them (by `_id`, the token id the
 * secret names); written right after each append (read-your-writes), by `_id` alone.
 */
export class ApiTokensReadModel {
  readonly tokens: mongo.Collection<ApiTokenDocument>;

  constructor(db: mongo.Db) {
    this.tokens = db.collection<ApiTokenDocument>('api_tokens');
  }

  /** For the owner's list and the expiry sweep; authentication reads by `_id` only. */
  async ensureIndexes(): Promise<void> {
    await this.tokens.createIndex({ ownerId: 1, createdAt: -1 });
    await this.tokens.createIndex({ status: 1, expiresAt: 1 });
  }

  /**
   * What a command appended, one write whatever the number of events; when a newer command's
   * write was overtaken, the token's whole stream (`reload`) is written again.
   */
  async save(events: EventEnvelope[], reload: () => Promise<EventEnvelope[]>): Promise<void> {
    if (events.length === 0) return;
    const tokenId = events[0].aggregate.id;
    const write = (fields: Partial<ApiTokenDocument>, version: number) =>
      writeVersioned(this.tokens, tokenId, version, fields);
    await projectLatest(
      { state: tokenFields(events), version: events[events.length - 1].aggregate.version },
      write,
      async () => {
        const all = await reload();
        return { state: tokenFields(all), version: all.length };
      },
    );
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
