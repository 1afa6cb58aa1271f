import type { mongo } from 'mongoose';

import {
  type EventEnvelope,
  isPstExportEvent,
  type MailboxImportView,
  SKIPPED_KEPT,
  type SkippedMessage,
} from '@coffer/contracts';
import { updateIfNewer, upsertIfNewer } from '@coffer/event-sourcing';

export interface MailboxImportDocument extends Omit<
  MailboxImportView,
  'id' | 'startedAt' | 'finishedAt'
> {
  _id: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** Set when an upload began: one upload per import (`claimUpload`). */
  uploadStartedAt?: Date;
  /** When a batch last arrived: an upload whose gateway died stops moving. */
  touchedAt: Date;
  /** The size of the messages imported (not the duplicates), for the mailbox's totals. */
  importedBytes: number;
  /** The version of the mailbox stream the job last followed. */
  version: number;
}

/**
 * Uploads of archives into users' backups, as the console polls them: the status comes from the
 * mailbox's events; the running counts from each batch the gateway sends, by `_id`.
 */
export class MailboxImports {
  readonly imports: mongo.Collection<MailboxImportDocument>;

  constructor(db: mongo.Db) {
    this.imports = db.collection<MailboxImportDocument>('mailbox_imports');
  }

  async ensureIndexes(): Promise<void> {
    await this.imports.createIndex({ orgId: 1, userId: 1, startedAt: -1 });
  }

  async applyAll(events: readonly EventEnvelope[]): Promise<void> {
    for (const event of events) {
      if (!isPstExportEvent(event)) continue;
      const { version } = event.aggregate;
      switch (event.type) {
        case 'mailbox.import-started': {
          const p = event.payload;
          await upsertIfNewer(this.imports, p.importId, version, {
            orgId: event.orgId,
            userId: p.userId,
            userEmail: p.userEmail,
            source: p.source,
            fileName: p.fileName,
            status: 'running',
            startedAt: new Date(event.occurredAt),
            startedByEmail: event.actor.email ?? event.actor.type,
            finishedAt: null,
            touchedAt: new Date(event.occurredAt),
            bytes: p.bytes,
            bytesRead: 0,
            read: 0,
            imported: 0,
            duplicates: 0,
            importedBytes: 0,
            skipped: [],
            skippedCount: 0,
            failure: null,
          });
          break;
        }
        case 'mailbox.backup-imported':
          if (event.payload.importId) {
            await updateIfNewer(this.imports, event.payload.importId, version, {
              status: 'completed',
              finishedAt: new Date(event.occurredAt),
            });
          }
          break;
        case 'mailbox.import-failed':
          await updateIfNewer(this.imports, event.payload.importId, version, {
            status: 'failed',
            failure: event.payload.reason,
            finishedAt: new Date(event.occurredAt),
          });
          break;
        default:
          break;
      }
    }
  }

  async get(orgId: string, importId: string): Promise<MailboxImportDocument | undefined> {
    const found = await this.imports.findOne({ _id: importId });
    return found && found.orgId === orgId ? found : undefined;
  }

  async ofUser(orgId: string, userId: string, limit = 20): Promise<MailboxImportDocument[]> {
    return this.imports.find({ orgId, userId }).sort({ startedAt: -1 }).limit(limit).toArray();
  }

  /** What one batch adds; the skipped list keeps the first `SKIPPED_KEPT` reasons. */
  async addBatch(
    importId: string,
    batch: {
      bytesRead: number;
      read: number;
      imported: number;
      duplicates: number;
      importedBytes: number;
      skipped: SkippedMessage[];
    },
    current: MailboxImportDocument,
  ): Promise<void> {
    const room = Math.max(0, SKIPPED_KEPT - current.skipped.length);
    await this.imports.updateOne(
      { _id: importId },
      {
        $set: {
          bytesRead: Math.max(current.bytesRead, batch.bytesRead),
          touchedAt: new Date(),
          ...(room > 0 && batch.skipped.length > 0
            ? { skipped: [...current.skipped, ...batch.skipped.slice(0, room)] }
            : {}),
        },
        $inc: {
          read: batch.read,
          imported: batch.imported,
          duplicates: batch.duplicates,
          importedBytes: batch.importedBytes,
          skippedCount: batch.skipped.length,
        },
      },
    );
  }

  /** False when an upload of this import began before (conditional on the same document). */
  async claimUpload(importId: string): Promise<boolean> {
    const now = new Date();
    const result = await this.imports.updateOne(
      { _id: importId, uploadStartedAt: { $exists: false } },
      { $set: { uploadStartedAt: now, touchedAt: now } },
    );
    return result.matchedCount === 1;
  }

  async setBytesRead(importId: string, bytesRead: number): Promise<void> {
    await this.imports.updateOne({ _id: importId }, { $set: { bytesRead, touchedAt: new Date() } });
  }

  /** Running imports no batch has reached since `before`: their uploads have stopped. */
  async stalledSince(before: Date): Promise<MailboxImportDocument[]> {
    return this.imports.find({ status: 'running', touchedAt: { $lt: before } }).toArray();
  }

  toView(job: MailboxImportDocument): MailboxImportView {
    return {
      id: job._id,
      orgId: job.orgId,
      userId: job.userId,
      userEmail: job.userEmail,
      source: job.source,
      fileName: job.fileName,
      status: job.status,
      startedAt: job.startedAt.toISOString(),
      startedByEmail: job.startedByEmail,
      finishedAt: job.finishedAt?.toISOString() ?? null,
      bytes: job.bytes,
      bytesRead: job.bytesRead,
      read: job.read,
      imported: job.imported,
      duplicates: job.duplicates,
      skipped: job.skipped,
      skippedCount: job.skippedCount,
      failure: job.failure,
    };
  }
}
