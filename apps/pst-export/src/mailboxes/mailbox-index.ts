import type { mongo } from 'mongoose';

import type { MailboxSource } from '@coffer/contracts';

import { insertOrReplace } from '../insert-or-replace';

export interface IndexedMessage {
  /** `<userId>:<source>:<sha256>`: the same message imported twice is one entry. */
  _id: string;
  orgId: string;
  userId: string;
  source: MailboxSource;
  blobId: string;
  /** Each folder path in a document of its own: FerretDB 1.x refuses arrays of arrays. */
  folders: { path: string[] }[];
  date: Date | null;
  from: string | null;
  subject: string | null;
  messageId: string | null;
  size: number;
  importedAt: Date;
}

export interface MailboxSelection {
  orgId: string;
  userId: string;
  source: MailboxSource;
  from?: Date;
  to?: Date;
  /** Top-level folder names or paths (`Work/Projects`); a message in any of them is selected. */
  folders?: string[];
}

/** The index of a user's backed-up mailbox per source: what the export selects from. */
export class MailboxIndex {
  readonly messages: mongo.Collection<IndexedMessage>;

  constructor(db: mongo.Db) {
    this.messages = db.collection<IndexedMessage>('mailbox_messages');
  }

  async ensureIndexes(): Promise<void> {
    await this.messages.createIndex({ userId: 1, source: 1, date: 1 });
  }

  static idOf(userId: string, source: MailboxSource, sha256: string): string {
    return `${userId}:${source}:${sha256}`;
  }

  async has(id: string): Promise<boolean> {
    return (await this.messages.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  }

  async add(message: IndexedMessage): Promise<void> {
    await insertOrReplace(this.messages, message);
  }

  private filter(selection: MailboxSelection): mongo.Filter<IndexedMessage> {
    const date: Record<string, Date> = {};
    if (selection.from) date.$gte = selection.from;
    if (selection.to) date.$lt = selection.to;
    return {
      orgId: selection.orgId,
      userId: selection.userId,
      source: selection.source,
      ...(Object.keys(date).length > 0 ? { date } : {}),
    };
  }

  /** Messages of the selection, oldest first; folder filtering happens here, by path prefix. */
  async *select(selection: MailboxSelection): AsyncGenerator<IndexedMessage> {
    const wanted = selection.folders?.map((folder) => folder.split('/').filter(Boolean));
    const cursor = this.messages
      .find(this.filter(selection))
      .sort({ date: 1, _id: 1 })
      .batchSize(500);
    for await (const message of cursor) {
      if (
        !wanted ||
        message.folders.some(({ path }) =>
          wanted.some((prefix) => prefix.every((name, i) => path[i] === name)),
        )
      ) {
        yield message;
      }
    }
  }

  /** How many messages the selection holds; the database counts unless folders filter. */
  async count(selection: MailboxSelection): Promise<number> {
    if (!selection.folders) return this.messages.countDocuments(this.filter(selection));
    let count = 0;
    for await (const message of this.select(selection)) count += message ? 1 : 0;
    return count;
  }
}
