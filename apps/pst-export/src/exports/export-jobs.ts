import type { mongo } from 'mongoose';

import {
  type EventEnvelope,
  isPstExportEvent,
  type PstExportEvent,
  type PstExportView,
} from '@coffer/contracts';
import { assertNever, updateIfNewer, upsertIfNewer } from '@coffer/event-sourcing';

import { exportBlobId } from './export-blob-id';

/**
 * A job as the read model keeps it: the view administrators get (less what is worked out when
 * read), dated, with where its files went and the lease of the worker that holds it.
 */
export interface ExportJobDocument extends Omit<
  PstExportView,
  'id' | 'requestedAt' | 'linkExpiresAt' | 'attempts' | 'downloadUrl'
> {
  _id: string;
  requestedAt: Date;
  linkExpiresAt: Date | null;
  /** The blob ids of the parts of the attempt that completed. */
  blobIds: string[];
  version: number;
  /** The work queue: which worker holds the job, until when, and how many times it was taken. */
  leaseOwner: string | null;
  leaseUntil: Date | null;
  attempt: number;
}

/** Export jobs as administrators see them, and the queue the workers take them from. */
export class ExportJobs {
  readonly jobs: mongo.Collection<ExportJobDocument>;

  constructor(
    db: mongo.Db,
    private readonly downloadUrlOf: (exportId: string) => string,
  ) {
    this.jobs = db.collection<ExportJobDocument>('export_jobs');
  }

  async ensureIndexes(): Promise<void> {
    await this.jobs.createIndex({ orgId: 1, requestedAt: -1 });
    await this.jobs.createIndex({ status: 1 });
    await this.jobs.createIndex({ orgId: 1, userId: 1, requestedAt: -1 });
  }

  /**
   * What a command appended, in order (the command handler's inline projection); `extra` is what
   * the job keeps beside its events, such as the blobs a completion's files went to.
   */
  async applyAll(
    events: readonly EventEnvelope[],
    extra: Partial<ExportJobDocument> = {},
  ): Promise<void> {
    for (const event of events) if (isPstExportEvent(event)) await this.apply(event, extra);
  }

  private async blobIdsOfAttempt(exportId: string, parts: number): Promise<string[]> {
    const job = await this.jobs.findOne({ _id: exportId }, { projection: { attempt: 1 } });
    return Array.from({ length: parts }, (_, index) =>
      exportBlobId(exportId, job?.attempt ?? 0, index + 1),
    );
  }

  async apply(event: PstExportEvent, extra: Partial<ExportJobDocument> = {}): Promise<void> {
    const { id, version } = event.aggregate;
    switch (event.type) {
      case 'pst-export.requested': {
        await upsertIfNewer(this.jobs, id, version, {
          orgId: event.orgId,
          ...event.payload,
          status: 'requested',
          requestedAt: new Date(event.occurredAt),
          progress: { done: 0, total: 0 },
          messages: 0,
          bytes: 0,
          parts: [],
          linkExpiresAt: null,
          failure: null,
          blobIds: [],
          leaseOwner: null,
          leaseUntil: null,
          attempt: 0,
        });
        return;
      }
      case 'pst-export.started':
        await updateIfNewer(this.jobs, id, version, {
          status: 'running',
          progress: { done: 0, total: event.payload.messages },
        });
        return;
      case 'pst-export.completed': {
        const p = event.payload;
        // Projected again by the relay, the command that carried the blob ids is gone; they
        // follow from the attempt that completed, which the job still holds.
        const blobIds = extra.blobIds ?? (await this.blobIdsOfAttempt(id, p.parts.length));
        await updateIfNewer(this.jobs, id, version, {
          status: 'completed',
          messages: p.messages,
          bytes: p.bytes,
          parts: p.parts,
          progress: { done: p.messages, total: p.messages },
          leaseOwner: null,
          leaseUntil: null,
          ...extra,
          blobIds,
        });
        return;
      }
      case 'pst-export.failed':
        await updateIfNewer(this.jobs, id, version, {
          status: 'failed',
          failure: event.payload.reason,
          leaseOwner: null,
          leaseUntil: null,
        });
        return;
      case 'pst-export.link-sent':
        await updateIfNewer(this.jobs, id, version, {
          linkExpiresAt: new Date(event.payload.expiresAt),
        });
        return;
      case 'pst-export.expired':
        await updateIfNewer(this.jobs, id, version, { status: 'expired', blobIds: [] });
        return;
      // The job's version follows its stream, so `ops check` finds it up to date.
      case 'pst-export.downloaded':
      case 'pst-export.download-denied':
        await updateIfNewer(this.jobs, id, version, {});
        return;
      // A mailbox's own stream, not a job's.
      case 'mailbox.backup-imported':
      case 'mailbox.import-started':
      case 'mailbox.import-failed':
        return;
      default:
        assertNever(event);
    }
  }

  async get(id: string): Promise<ExportJobDocument | undefined> {
    return (await this.jobs.findOne({ _id: id })) ?? undefined;
  }

  /** The organisation's exports, or one user's, newest first. */
  async list(orgId: string, userId?: string, limit = 100): Promise<ExportJobDocument[]> {
    return this.jobs
      .find(userId ? { orgId, userId } : { orgId })
      .sort({ requestedAt: -1 })
      .limit(limit)
      .toArray();
  }

  /** Takes the oldest job nobody holds (or whose holder's lease ran out) for `leaseMs`. */
  async claim(
    owner: string,
    leaseMs: number,
    now = new Date(),
  ): Promise<ExportJobDocument | undefined> {
    const job = await this.jobs.findOneAndUpdate(
      {
        status: { $in: ['requested', 'running'] },
        $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }],
      },
      {
        $set: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) },
        $inc: { attempt: 1 },
      },
      { sort: { requestedAt: 1 }, returnDocument: 'after' },
    );
    return job ?? undefined;
  }

  /** Extends the lease and records progress; false when the job is no longer this worker's. */
  async renew(
    id: string,
    owner: string,
    leaseMs: number,
    progress?: { done: number; total: number },
  ): Promise<boolean> {
    const result = await this.jobs.updateOne(
      { _id: id, leaseOwner: owner },
      { $set: { leaseUntil: new Date(Date.now() + leaseMs), ...(progress ? { progress } : {}) } },
    );
    return result.matchedCount === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.jobs.updateOne(
      { _id: id, leaseOwner: owner },
      { $set: { leaseOwner: null, leaseUntil: null } },
    );
  }

  async completedWithLinkExpiredBy(now: Date): Promise<ExportJobDocument[]> {
    return this.jobs.find({ status: 'completed', linkExpiresAt: { $lt: now } }).toArray();
  }

  toView(job: ExportJobDocument): PstExportView {
    return {
      id: job._id,
      orgId: job.orgId,
      userId: job.userId,
      userEmail: job.userEmail,
      source: job.source,
      from: job.from,
      to: job.to,
      folders: job.folders,
      status: job.status,
      requestedById: job.requestedById,
      requestedByEmail: job.requestedByEmail,
      requestedAt: job.requestedAt.toISOString(),
      progress: job.progress,
      attempts: job.attempt,
      messages: job.messages,
      bytes: job.bytes,
      parts: job.parts,
      downloadUrl: this.downloadUrlOf(job._id),
      linkExpiresAt: job.linkExpiresAt?.toISOString() ?? null,
      failure: job.failure,
    };
  }
}
