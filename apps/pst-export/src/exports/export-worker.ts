import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { PstExportPart } from '@coffer/contracts';
import { convertMimeMessage, type MailboxEntry, writePst } from '@coffer/pst';
import type { Logger } from '@coffer/service-kit';

import type { BlobStore } from '../blobs/blob-store';
import type { MailboxIndex, MailboxSelection } from '../mailboxes/mailbox-index';
import { exportBlobId } from './export-blob-id';
import type { ExportJobDocument, ExportJobs } from './export-jobs';
import type { PstExportsService } from './pst-exports.service';

/** How often (in messages) a running export renews its lease and reports progress. */
const RENEW_EVERY = 100;

class LeaseLost extends Error {}

/**
 * Takes export jobs from the queue one at a time and converts the selection with libs/pst:
 * messages stream from the blob store through the MIME converter into PST files in a working
 * directory, which then stream into the blob store. The job is held with a lease renewed as it
 * goes; a worker that dies stops renewing and another takes the job over from the start. Only
 * the holder of the lease can complete a job, so two workers never deliver the same one.
 */
export class ExportWorker {
  readonly owner = `worker-${randomUUID()}`;
  private timer?: NodeJS.Timeout;
  private busy = false;
  private stopped = false;

  constructor(
    private readonly jobs: ExportJobs,
    private readonly index: MailboxIndex,
    private readonly blobs: BlobStore,
    private readonly exports: PstExportsService,
    private readonly settings: {
      partMaxBytes: number;
      leaseMs: number;
      workDir?: string;
      pollMs?: number;
    },
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.nudge(), this.settings.pollMs ?? 1_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Looks for work now (after a request) instead of at the next poll. */
  nudge(): void {
    if (this.busy || this.stopped) return;
    this.busy = true;
    void this.drain()
      .catch((error) => this.log.error({ err: error }, 'export worker failed'))
      .finally(() => (this.busy = false));
  }

  private async drain(): Promise<void> {
    for (
      let job = await this.jobs.claim(this.owner, this.settings.leaseMs);
      job && !this.stopped;
      job = await this.jobs.claim(this.owner, this.settings.leaseMs)
    ) {
      await this.run(job);
    }
  }

  private async run(job: ExportJobDocument): Promise<void> {
    const selection: MailboxSelection = {
      orgId: job.orgId,
      userId: job.userId,
      source: job.source,
      from: job.from ? new Date(job.from) : undefined,
      to: job.to ? new Date(job.to) : undefined,
      folders: job.folders ?? undefined,
    };
    const dir = await mkdtemp(join(this.settings.workDir ?? tmpdir(), `pst-export-${job._id}-`));
    try {
      const total = await this.index.count(selection);
      await this.exports.started(job, total);
      this.log.info({ exportId: job._id, attempt: job.attempt, messages: total }, 'export started');
      const parts = await writePst(join(dir, 'part-1.pst'), this.entries(job, selection, total), {
        displayName: `${job.userEmail} (${job.source})`,
        split: {
          maxBytes: this.settings.partMaxBytes,
          pathOfPart: (n) => join(dir, `part-${n}.pst`),
        },
      });
      const stored: PstExportPart[] = [];
      const blobIds: string[] = [];
      for (const [i, part] of parts.entries()) {
        const blobId = exportBlobId(job._id, job.attempt, i + 1);
        const blob = await this.blobs.put(blobId, createReadStream(part.path));
        stored.push({
          part: i + 1,
          bytes: blob.size,
          messages: part.messages,
          sha256: blob.sha256,
        });
        blobIds.push(blobId);
        if (!(await this.jobs.renew(job._id, this.owner, this.settings.leaseMs)))
          throw new LeaseLost();
      }
      await this.exports.complete(job, stored, blobIds);
      this.log.info({ exportId: job._id, parts: stored.length }, 'export completed');
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.log.warn({ exportId: job._id }, 'export lease lost; another worker has the job');
      } else {
        this.log.error({ err: error, exportId: job._id }, 'export failed');
        await this.exports.fail(job, 'The export could not be written; see the pst-export log.');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The selection as mailbox entries: each stored message converted, once per folder it is in. */
  private async *entries(
    job: ExportJobDocument,
    selection: MailboxSelection,
    total: number,
  ): AsyncGenerator<MailboxEntry> {
    let done = 0;
    for await (const indexed of this.index.select(selection)) {
      const chunks: Buffer[] = [];
      for await (const chunk of this.blobs.read(indexed.blobId)) chunks.push(chunk);
      const { message } = await convertMimeMessage(Buffer.concat(chunks));
      for (const { path } of indexed.folders) yield { folder: path, message };
      if (
        ++done % RENEW_EVERY === 0 &&
        !(await this.jobs.renew(job._id, this.owner, this.settings.leaseMs, { done, total }))
      ) {
        throw new LeaseLost();
      }
    }
  }
}
