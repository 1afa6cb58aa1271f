import { randomUUID } from 'node:crypto';

import type {
  CommandContext,
  MailboxImportBatchRequest,
  MailboxImportView,
  MailboxView,
  StartMailboxImportRequest,
} from '@coffer/contracts';
import type { CommandHandler } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

import type { MailboxCommand, MailboxEvent, MailboxState } from './mailbox.decider';
import type { MailboxImporter } from './mailbox-importer';
import type { MailboxImportDocument, MailboxImports } from './mailbox-imports';
import { MailboxSummaries } from './mailbox-summaries';

const notFound = () => new ServiceError('mailbox-import-not-found');
const notRunning = () => new ServiceError('mailbox-import-not-running');

/**
 * Archives uploaded through the gateway into users' backups: an import is started, fed in
 * batches as the gateway reads the upload, then finished or failed; the console polls it.
 */
export class MailboxUploadsService {
  constructor(
    private readonly mailboxes: CommandHandler<MailboxCommand, MailboxState, MailboxEvent>,
    private readonly imports: MailboxImports,
    private readonly summaries: MailboxSummaries,
    private readonly importer: MailboxImporter,
  ) {}

  listOfUser(orgId: string, userId: string): Promise<MailboxView[]> {
    return this.summaries.ofUser(orgId, userId);
  }

  async start(request: StartMailboxImportRequest): Promise<MailboxImportView> {
    const importId = randomUUID();
    const { orgId, userId, userEmail, source, fileName, bytes } = request;
    await this.mailboxes.handle(
      MailboxSummaries.idOf(userId, source),
      orgId,
      { type: 'StartImport', importId, userId, userEmail, source, fileName, bytes },
      request.context,
      { retryOnConflict: true },
    );
    return this.get(orgId, importId);
  }

  async claimUpload(orgId: string, importId: string): Promise<{ claimed: true }> {
    const job = await this.running(orgId, importId);
    if (!(await this.imports.claimUpload(job._id)))
      throw new ServiceError('mailbox-import-upload-running');
    return { claimed: true };
  }

  async addBatch(request: MailboxImportBatchRequest): Promise<MailboxImportView> {
    const job = await this.running(request.orgId, request.importId);
    const result = await this.importer.importBatch(
      {
        orgId: job.orgId,
        userId: job.userId,
        userEmail: job.userEmail,
        source: job.source,
        messages: request.messages,
      },
      1,
    );
    // The importer numbers the batch from 1: each skipped message takes its place in the archive.
    const skipped = [
      ...request.unreadable,
      ...result.skipped.map((skip) => {
        const message = request.messages[skip.number - 1];
        return { number: message.number, entry: message.entry, reason: skip.reason };
      }),
    ]
      .sort((a, b) => a.number - b.number)
      // The database would keep a missing entry as null.
      .map(({ entry, ...rest }) => (entry === undefined ? rest : { ...rest, entry }));
    await this.imports.addBatch(
      job._id,
      {
        bytesRead: request.bytesRead,
        read: request.messages.length + request.unreadable.length,
        imported: result.imported,
        duplicates: result.duplicates,
        importedBytes: result.bytes,
        skipped,
      },
      job,
    );
    return this.get(request.orgId, request.importId);
  }

  async finish(
    orgId: string,
    importId: string,
    bytesRead: number,
    context: CommandContext,
  ): Promise<MailboxImportView> {
    await this.imports.setBytesRead(importId, bytesRead);
    const job = await this.running(orgId, importId);
    await this.mailboxes.handle(
      MailboxSummaries.idOf(job.userId, job.source),
      orgId,
      {
        type: 'FinishImport',
        importId,
        fileName: job.fileName,
        userId: job.userId,
        userEmail: job.userEmail,
        source: job.source,
        imported: job.imported,
        duplicates: job.duplicates,
        skipped: job.skippedCount,
        bytes: job.importedBytes,
      },
      context,
      { retryOnConflict: true },
    );
    return this.get(orgId, importId);
  }

  async fail(
    orgId: string,
    importId: string,
    reason: string,
    context: CommandContext,
  ): Promise<MailboxImportView> {
    const job = await this.running(orgId, importId);
    await this.mailboxes.handle(
      MailboxSummaries.idOf(job.userId, job.source),
      orgId,
      {
        type: 'FailImport',
        importId,
        fileName: job.fileName,
        userId: job.userId,
        userEmail: job.userEmail,
        source: job.source,
        reason,
        imported: job.imported,
        skipped: job.skippedCount,
        bytes: job.importedBytes,
      },
      context,
      { retryOnConflict: true },
    );
    return this.get(orgId, importId);
  }

  async get(orgId: string, importId: string): Promise<MailboxImportView> {
    const job = await this.imports.get(orgId, importId);
    if (!job) throw notFound();
    return this.imports.toView(job);
  }

  async ofUser(orgId: string, userId: string): Promise<MailboxImportView[]> {
    return (await this.imports.ofUser(orgId, userId)).map((job) => this.imports.toView(job));
  }

  /** Fails the imports whose upload stopped arriving (its gateway died or the client left). */
  async failStalled(stalledMs: number, now = new Date()): Promise<number> {
    const stalled = await this.imports.stalledSince(new Date(now.getTime() - stalledMs));
    for (const job of stalled) {
      await this.fail(
        job.orgId,
        job._id,
        `The upload stopped arriving for ${Math.round(stalledMs / 60_000)} minutes; what it had imported is kept.`,
        { actor: { type: 'system' }, correlationId: randomUUID() },
      ).catch(() => undefined);
    }
    return stalled.length;
  }

  private async running(orgId: string, importId: string): Promise<MailboxImportDocument> {
    const job = await this.imports.get(orgId, importId);
    if (!job) throw notFound();
    if (job.status !== 'running') throw notRunning();
    return job;
  }
}
