import { randomUUID } from 'node:crypto';

import type { mongo } from 'mongoose';

export interface OperatorActionDocument {
  _id: string;
  at: Date;
  action: 'rebuild-started' | 'rebuild-switched' | 'rebuild-completed' | 'rebuild-aborted';
  projection: string;
  details: Record<string, unknown>;
}

/**
 * What operators did to the audit service itself (rebuilds). Kept beside, not inside, the trail
 * they rebuild: an entry there would be lost by the very rebuild it records.
 */
export class OperatorActions {
  private readonly actions: mongo.Collection<OperatorActionDocument>;

  constructor(db: mongo.Db) {
    this.actions = db.collection<OperatorActionDocument>('operator_actions');
  }

  async record(
    action: OperatorActionDocument['action'],
    projection: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.actions.insertOne({
      _id: randomUUID(),
      at: new Date(),
      action,
      projection,
      details,
    });
  }

  async latest(limit: number): Promise<Omit<OperatorActionDocument, '_id'>[]> {
    const documents = await this.actions.find({}).sort({ at: -1 }).limit(limit).toArray();
    return documents.map(({ _id, ...action }) => action);
  }
}
