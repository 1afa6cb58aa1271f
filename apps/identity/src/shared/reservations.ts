import type { mongo } from 'mongoose';

import { ServiceError } from '@coffer/service-kit';

import { failedAfterAppend } from './after-append';

interface ReservationDocument {
  _id: string;
  aggregateId: string;
  reservedAt: Date;
}

/**
 * Uniqueness across aggregates (an email, an organisation's slug) without transactions: a
 * unique key is reserved first, the aggregate's events appended after, and the key released
 * again if the append fails.
 */
export class Reservations {
  private readonly reservations: mongo.Collection<ReservationDocument>;

  constructor(db: mongo.Db) {
    this.reservations = db.collection<ReservationDocument>('reservations');
  }

  async reserve(key: string, aggregateId: string, conflict: ServiceError): Promise<void> {
    try {
      await this.reservations.insertOne({ _id: key, aggregateId, reservedAt: new Date() });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw conflict;
      throw error;
    }
  }

  /**
   * Reserves `key` for `aggregateId` while `work` runs, and releases it again if `work` fails
   * before the aggregate's events were stored; after, the key is theirs whatever failed next.
   */
  async holdWhile<T>(
    key: string,
    aggregateId: string,
    conflict: ServiceError,
    work: () => Promise<T>,
  ): Promise<T> {
    await this.reserve(key, aggregateId, conflict);
    try {
      return await work();
    } catch (error) {
      if (!failedAfterAppend(error)) await this.release(key, aggregateId);
      throw error;
    }
  }

  /**
   * Gives the key up again, by `_id` alone (a filter with the holder beside it scans on
   * mongo-java-server). Only the holder releases, so the document taken is normally its own;
   * one of someone else's goes back.
   */
  async release(key: string, aggregateId: string): Promise<void> {
    const released = await this.reservations.findOneAndDelete({ _id: key });
    if (released && released.aggregateId !== aggregateId)
      await this.reservations.insertOne(released).catch(() => undefined);
  }

  async holder(key: string): Promise<string | undefined> {
    return (await this.reservations.findOne({ _id: key }))?.aggregateId;
  }
}

export function emailKey(kind: 'administrator' | 'user', email: string): string {
  return `${kind}-email:${email.trim().toLowerCase()}`;
}
