import type { mongo } from 'mongoose';

import { ExpiredDocumentsSweep } from '../shared/expired-documents-sweep';

/** How long an IdP may take to answer an AuthnRequest (a person typing their password there). */
export const SAML_REQUEST_LIFETIME_MS = 15 * 60_000;

interface SamlRequestDocument {
  /** The ID of an AuthnRequest the gateway sent to an IdP. */
  _id: string;
  /** What node-saml asked to keep with it (the time it was issued). */
  value: string;
  expiresAt: Date;
}

/**
 * The AuthnRequests we issued, so that a response is accepted only InResponseTo one of them.
 * Kept in the database rather than in the gateway's memory, so that any replica of the gateway
 * can receive the IdP's answer to a request another one sent. This is the storage behind
 * node-saml's CacheProvider.
 */
export class SamlRequests {
  private readonly requests: mongo.Collection<SamlRequestDocument>;
  private readonly sweep: ExpiredDocumentsSweep<SamlRequestDocument>;

  constructor(
    db: mongo.Db,
    private readonly lifetimeMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.requests = db.collection<SamlRequestDocument>('saml_requests');
    this.sweep = new ExpiredDocumentsSweep(this.requests, now);
  }

  ensureIndexes(): Promise<void> {
    return this.sweep.ensureIndex();
  }

  async save(id: string, value: string): Promise<void> {
    const now = this.now();
    // Requests nobody answered would otherwise stay for ever.
    await this.sweep.maybeSweep();
    await this.requests.insertOne({
      _id: id,
      value,
      expiresAt: new Date(now.getTime() + this.lifetimeMs),
    });
  }

  async get(id: string): Promise<string | null> {
    const request = await this.requests.findOne({ _id: id });
    return request && request.expiresAt > this.now() ? request.value : null;
  }

  async remove(id: string): Promise<string | null> {
    const request = await this.requests.findOneAndDelete({ _id: id });
    return request ? request.value : null;
  }
}
