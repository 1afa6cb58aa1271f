import { Topics } from '@coffer/contracts';
import { CommandHandler } from '@coffer/event-sourcing';
import { Mailer, startEventSourcedService } from '@coffer/service-kit';

import type { BlobStore } from './blobs/blob-store';
import { DatabaseBlobStore } from './blobs/database-blob-store';
import { DirectoryBlobStore } from './blobs/directory-blob-store';
import { DownloadGrants } from './exports/download-grants';
import { ExportFileServer } from './exports/export-file-server';
import { ExportJobs } from './exports/export-jobs';
import { ExportWorker } from './exports/export-worker';
import { pstExportDecider } from './exports/pst-export.decider';
import { PstExportsService } from './exports/pst-exports.service';
import { mailboxDecider } from './mailboxes/mailbox.decider';
import { MailboxImporter } from './mailboxes/mailbox-importer';
import { MailboxImports } from './mailboxes/mailbox-imports';
import { MailboxIndex } from './mailboxes/mailbox-index';
import { MailboxSummaries } from './mailboxes/mailbox-summaries';
import { MailboxUploadsService } from './mailboxes/mailbox-uploads.service';
import { PstExportModule } from './pst-export.module';

void startEventSourcedService(
  {
    service: 'pst-export',
    ownTopic: Topics.pstExportEvents,
    readTopics: [Topics.identityEvents],
    port: (runtime) => runtime.config.ports.pstExport,
  },
  async (runtime) => {
    const { store } = runtime;
    const settings = runtime.config.pstExport;
    const downloadUrlOf = (id: string) => `${runtime.config.publicUrl}/download/pst/${id}`;
    const blobs: BlobStore = settings.blobDir
      ? new DirectoryBlobStore(settings.blobDir)
      : new DatabaseBlobStore(runtime.db);
    const index = new MailboxIndex(runtime.db);
    const jobs = new ExportJobs(runtime.db, downloadUrlOf);
    const summaries = new MailboxSummaries(runtime.db);
    const imports = new MailboxImports(runtime.db);
    await index.ensureIndexes();
    await jobs.ensureIndexes();
    await imports.ensureIndexes();
    await summaries.backfillOnce(store, runtime.db);
    runtime.addReadModel({ aggregateType: 'pst-export', collection: jobs.jobs.collectionName });
    runtime.addReadModel({
      aggregateType: 'mailbox',
      collection: summaries.mailboxes.collectionName,
    });
    // Exports requested or being written: what the workers still have to do.
    runtime.checks.addQueue('exports', () =>
      jobs.jobs.countDocuments({ status: { $in: ['requested', 'running'] } }),
    );
    const grants = new DownloadGrants(settings.grantKeys);
    // The service wakes the worker after each request; the worker needs the service: a late link.
    const wake = { worker: undefined as ExportWorker | undefined };
    const nudgeRelay = () => runtime.relay.nudge();
    const mailboxes = new CommandHandler(store, mailboxDecider, {
      project: async (events) => {
        await summaries.applyAll(events);
        await imports.applyAll(events);
      },
      nudge: nudgeRelay,
    });
    const importer = new MailboxImporter(index, blobs);
    const uploads = new MailboxUploadsService(mailboxes, imports, summaries, importer);
    const service = new PstExportsService(
      new CommandHandler(store, pstExportDecider, {
        // Projected again by the relay the command is gone; the job then names its blobs itself.
        project: (events, _reached, command) =>
          jobs.applyAll(
            events,
            command?.type === 'CompleteExport' ? { blobIds: command.blobIds } : {},
          ),
        nudge: () => {
          nudgeRelay();
          wake.worker?.nudge();
        },
      }),
      mailboxes,
      summaries,
      jobs,
      blobs,
      new Mailer(runtime.config.smtp),
      grants,
      { linkLifetimeMs: settings.linkLifetimeMs, downloadUrlOf },
    );
    const worker = new ExportWorker(jobs, index, blobs, service, settings, runtime.log);
    wake.worker = worker;
    worker.start();
    const files = new ExportFileServer(jobs, blobs, grants, service, runtime.log);
    await files.listen(runtime.config.host, runtime.config.ports.pstExportFiles);
    const sweep = setInterval(() => {
      service
        .expireDue()
        .catch((error) => runtime.log.warn({ err: error }, 'export expiry sweep failed'));
      uploads
        .failStalled(settings.importStalledMs)
        .catch((error) => runtime.log.warn({ err: error }, 'stalled import sweep failed'));
    }, settings.sweepMs);
    runtime.onStop(async () => {
      clearInterval(sweep);
      await worker.stop();
      await files.close();
    });
    return PstExportModule.register(runtime, service, importer, uploads);
  },
).catch((error: unknown) => {
  console.error(
    `pst-export could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
