import { randomUUID } from 'node:crypto';

import type {
  AuthorizeDownloadRequest,
  AuthorizeDownloadResponse,
  CommandContext,
  DownloadFacts,
  FinishImportRequest,
  GrantHolder,
  MailboxSource,
  PstDownloadContents,
  PstExportPart,
  PstExportRequest,
  PstExportView,
  RequestPstExportRequest,
} from '@coffer/contracts';
import type { CommandHandler } from '@coffer/event-sourcing';
import { type Mailer, ServiceError } from '@coffer/service-kit';

import type { BlobStore } from '../blobs/blob-store';
import type { MailboxCommand, MailboxEvent, MailboxState } from '../mailboxes/mailbox.decider';
import type { MailboxSummaries } from '../mailboxes/mailbox-summaries';
import { type DownloadGrant, type DownloadGrants, grantStillHolds } from './download-grants';
import type { ExportJobDocument, ExportJobs } from './export-jobs';
import type { PstExportCommand, PstExportEvent, PstExportState } from './pst-export.decider';

const SYSTEM: () => CommandContext = () => ({
  actor: { type: 'system' },
  correlationId: randomUUID(),
});
const SOURCE_NAMES: Record<MailboxSource, string> = {
  gmail: 'Gmail',
  'exchange-online': 'Exchange Online',
};
const notFound = () => new ServiceError('pst-export-not-found');

/** Export jobs from request to expiry, the emailed link, and who may download. */
export class PstExportsService {
  constructor(
    /** Each command's events go to the jobs read model, then the relay and worker are nudged. */
    private readonly exports: CommandHandler<PstExportCommand, PstExportState, PstExportEvent>,
    private readonly mailboxes: CommandHandler<MailboxCommand, MailboxState, MailboxEvent>,
    private readonly summaries: MailboxSummaries,
    private readonly jobs: ExportJobs,
    private readonly blobs: BlobStore,
    private readonly mailer: Mailer,
    private readonly grants: DownloadGrants,
    private readonly settings: { linkLifetimeMs: number; downloadUrlOf: (id: string) => string },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async finishImport(request: FinishImportRequest): Promise<void> {
    const { context, orgId, userId, source, userEmail, imported, duplicates, skipped, bytes } =
      request;
    // Each import is one more event whatever came before: a concurrent one is simply added to.
    await this.mailboxes.handle(
      `${userId}:${source}`,
      orgId,
      { type: 'RecordImport', userId, userEmail, source, imported, duplicates, skipped, bytes },
      context,
      { retryOnConflict: true },
    );
  }

  async request(request: RequestPstExportRequest): Promise<PstExportView> {
    const backup = await this.summaries.get(request.orgId, request.userId, request.source);
    if (!backup || backup.messages === 0) {
      throw new ServiceError(
        'mailbox-backup-missing',
        `${request.userEmail} has no ${SOURCE_NAMES[request.source]} backup to export; import one first.`,
      );
    }
    const id = randomUUID();
    await this.exports.handle(
      id,
      request.orgId,
      {
        type: 'RequestExport',
        userId: request.userId,
        userEmail: request.userEmail,
        source: request.source,
        from: request.from ?? null,
        to: request.to ?? null,
        folders: request.folders ?? null,
        requestedById: request.requestedById,
        requestedByEmail: request.requestedByEmail,
        downloadUrl: this.settings.downloadUrlOf(id),
      },
      request.context,
      { fresh: true },
    );
    return this.get(request.orgId, id);
  }

  async list(orgId: string, userId?: string): Promise<PstExportView[]> {
    return (await this.jobs.list(orgId, userId)).map((job) => this.jobs.toView(job));
  }

  async get(orgId: string, exportId: string): Promise<PstExportView> {
    const job = await this.jobs.get(exportId);
    if (!job || job.orgId !== orgId) throw notFound();
    return this.jobs.toView(job);
  }

  /** What the download page may say about an export; the gateway decides who sees what. */
  async downloadFacts(exportId: string): Promise<DownloadFacts | null> {
    const job = await this.jobs.get(exportId);
    return job ? downloadFactsOf(job, this.now()) : null;
  }

  async started(job: ExportJobDocument, messages: number): Promise<void> {
    await this.exports.handle(
      job._id,
      job.orgId,
      { type: 'StartExport', attempt: job.attempt, messages },
      SYSTEM(),
    );
  }

  async complete(job: ExportJobDocument, parts: PstExportPart[], blobIds: string[]): Promise<void> {
    const messages = parts.reduce((sum, part) => sum + part.messages, 0);
    const bytes = parts.reduce((sum, part) => sum + part.bytes, 0);
    await this.exports.handle(
      job._id,
      job.orgId,
      {
        type: 'CompleteExport',
        messages,
        bytes,
        parts,
        userEmail: job.userEmail,
        downloadUrl: this.settings.downloadUrlOf(job._id),
        blobIds,
      },
      SYSTEM(),
    );
    await this.sendLink(job._id, job.orgId, job.requestedByEmail, SYSTEM());
  }

  async fail(job: ExportJobDocument, reason: string): Promise<void> {
    await this.exports.handle(job._id, job.orgId, { type: 'FailExport', reason }, SYSTEM());
  }

  /** A new email with the link and a new expiry, without exporting again. */
  async reissueLink(request: PstExportRequest & { to: string }): Promise<PstExportView> {
    const job = await this.jobs.get(request.exportId);
    if (!job || job.orgId !== request.orgId) throw notFound();
    if (job.status !== 'completed') {
      throw new ServiceError(
        'pst-export-not-ready',
        `This export is ${job.status}; only a completed export has a link.`,
      );
    }
    await this.sendLink(job._id, job.orgId, request.to, request.context);
    return this.get(request.orgId, request.exportId);
  }

  /** Who may download: any active administrator of the export's organisation, while the link lives. */
  async authorizeDownload(request: AuthorizeDownloadRequest): Promise<AuthorizeDownloadResponse> {
    const job = await this.jobs.get(request.exportId);
    if (!job) return { ok: false, reason: 'not-found' };
    if (job.orgId !== request.orgId) return { ok: false, reason: 'not-allowed' };
    if (!isDownloadable(job, this.now()) || !job.linkExpiresAt) {
      return { ok: false, reason: 'unavailable' };
    }
    const grant = this.grants.issue({
      exportId: job._id,
      orgId: job.orgId,
      administratorId: request.administratorId,
      administratorEmail: request.administratorEmail,
      linkExpiresAt: job.linkExpiresAt.getTime(),
      ...(request.client.ip ? { ip: request.client.ip } : {}),
      ...(request.client.userAgent ? { userAgent: request.client.userAgent } : {}),
    });
    return {
      ok: true,
      grant,
      parts: job.parts,
      fileName: fileNameOf(job),
      contents: downloadContentsOf(job),
    };
  }

  /**
   * Who a grant was given to, while it still holds (signature, lifetime, the export's current
   * link): the gateway confirms with identity that this administrator is still active before a
   * file is streamed.
   */
  async grantHolder(exportId: string, token: string): Promise<GrantHolder | null> {
    const grant = this.grants.verify(token, exportId);
    const job = grant ? await this.jobs.get(exportId) : undefined;
    if (!grant || !job || !grantStillHolds(grant, job, this.now())) return null;
    return { orgId: grant.orgId, administratorId: grant.administratorId };
  }

  async recordDownload(grant: DownloadGrant, part: number, bytes: number): Promise<void> {
    const job = await this.jobs.get(grant.exportId);
    if (!job) return;
    await this.exports.handle(
      job._id,
      job.orgId,
      {
        type: 'RecordDownload',
        administratorId: grant.administratorId,
        administratorEmail: grant.administratorEmail,
        userEmail: job.userEmail,
        part,
        bytes,
        downloadUrl: this.settings.downloadUrlOf(job._id),
      },
      {
        // Where the grant was given: the browser that proved who it is on the download page.
        actor: {
          type: 'administrator',
          id: grant.administratorId,
          email: grant.administratorEmail,
          ...(grant.ip ? { ip: grant.ip } : {}),
          ...(grant.userAgent ? { userAgent: grant.userAgent } : {}),
        },
        correlationId: randomUUID(),
      },
    );
  }

  async recordDenied(
    exportId: string,
    attemptedEmail: string,
    reason: 'credentials' | 'not-allowed' | 'unavailable',
    context: CommandContext,
  ): Promise<void> {
    const job = await this.jobs.get(exportId);
    if (!job) return;
    await this.exports.handle(
      job._id,
      job.orgId,
      { type: 'RecordDeniedDownload', attemptedEmail, reason },
      context,
    );
  }

  /** Deletes the files of exports whose link has expired and records it. */
  async expireDue(): Promise<number> {
    const due = await this.jobs.completedWithLinkExpiredBy(this.now());
    for (const job of due) {
      for (const blobId of job.blobIds) await this.blobs.delete(blobId);
      await this.exports.handle(
        job._id,
        job.orgId,
        { type: 'ExpireExport', now: this.now() },
        SYSTEM(),
      );
    }
    return due.length;
  }

  private async sendLink(
    exportId: string,
    orgId: string,
    to: string,
    context: CommandContext,
  ): Promise<void> {
    const job = (await this.jobs.get(exportId)) as ExportJobDocument;
    const downloadUrl = this.settings.downloadUrlOf(exportId);
    const expiresAt = new Date(this.now().getTime() + this.settings.linkLifetimeMs);
    await this.mailer.send({
      to,
      subject: `Your PST export of ${job.userEmail} is ready`,
      text: [
        `The PST export of ${job.userEmail}'s ${job.source} backup is ready: ${job.messages} messages, ${(job.bytes / 1024 / 1024).toFixed(1)} MB in ${job.parts.length} file(s).`,
        '',
        `Download it here: ${downloadUrl}`,
        '',
        `The page asks who you are: your email with your fail-safe password, or your email with an API token. The link works until ${expiresAt.toUTCString()}.`,
      ].join('\n'),
    });
    await this.exports.handle(
      exportId,
      orgId,
      { type: 'SendLink', to, downloadUrl, expiresAt },
      context,
    );
  }
}

function downloadFactsOf(job: ExportJobDocument, now: Date): DownloadFacts {
  return {
    exportId: job._id,
    orgId: job.orgId,
    available: isDownloadable(job, now),
    ...downloadContentsOf(job),
  };
}

function downloadContentsOf(job: ExportJobDocument): PstDownloadContents {
  return {
    userEmail: job.userEmail,
    source: job.source,
    messages: job.messages,
    bytes: job.bytes,
    parts: job.parts,
    fileName: fileNameOf(job),
    requestedByEmail: job.requestedByEmail,
    linkExpiresAt: job.linkExpiresAt?.toISOString() ?? null,
  };
}

/** Completed, with a link that has not expired. */
function isDownloadable(job: ExportJobDocument, now: Date): boolean {
  return job.status === 'completed' && job.linkExpiresAt !== null && job.linkExpiresAt > now;
}

/** `<user>-<source>-<date>.pst`, from what the job knows. */
export function fileNameOf(job: ExportJobDocument, part?: number, parts = 1): string {
  const user = job.userEmail.split('@')[0].replace(/[^A-Za-z0-9._-]/g, '_');
  const date = job.requestedAt.toISOString().slice(0, 10);
  return `${user}-${job.source}-${date}${parts > 1 && part ? `-part${part}` : ''}.pst`;
}
