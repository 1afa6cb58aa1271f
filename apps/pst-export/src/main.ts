import { Module } from '@nestjs/common';
import { Topics } from '@coffer/contracts';
import { AggregateRepository } from '@coffer/event-sourcing';
import { healthController, Mailer, ServiceRuntime, startBackendService } from '@coffer/service-kit';
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
import { MailboxIndex } from './mailboxes/mailbox-index';
import { PstExportController } from './pst-export.controller';

@Module({})
class PstExportModule {}

void startBackendService(
  {
    service: 'pst-export',
    ownTopic: Topics.pstExportEvents,
    readTopics: [Topics.identityEvents],
    port: (runtime) => runtime.config.ports.pstExport,
  },
  async (runtime) => {
    const store = runtime.store;
    if (!store) throw new Error('pst-export needs its event store');
    const settings = runtime.config.pstExport;
    const downloadUrlOf = (id: string) => `${runtime.config.publicUrl}/download/pst/${id}`;
    const blobs: BlobStore = settings.blobDir
      ? new DirectoryBlobStore(settings.blobDir)
      : new DatabaseBlobStore(runtime.db);
    const index = new MailboxIndex(runtime.db);
    const jobs = new ExportJobs(runtime.db, downloadUrlOf);
    await index.ensureIndexes();
    await jobs.ensureIndexes();
    runtime.addReadModel({ aggregateType: 'pst-export', collection: jobs.jobs.collectionName });
    // Exports requested or being written: what the workers still have to do.
    runtime.addQueue('exports', () =>
      jobs.jobs.countDocuments({ status: { $in: ['requested', 'running'] } }),
    );
    const grants = new DownloadGrants(settings.grantKeys);
    // The service wakes the worker after each request; the worker needs the service: a late link.
    const wake = { worker: undefined as ExportWorker | undefined };
    const service = new PstExportsService(
      new AggregateRepository(store, pstExportDecider),
      new AggregateRepository(store, mailboxDecider),
      jobs,
      blobs,
      new Mailer(runtime.config.smtp),
      grants,
      { linkLifetimeMs: settings.linkLifetimeMs, downloadUrlOf },
      () => {
        runtime.relay?.nudge();
        wake.worker?.nudge();
      },
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
    }, settings.sweepMs);
    runtime.onStop(async () => {
      clearInterval(sweep);
      await worker.stop();
      await files.close();
    });
    return {
      module: PstExportModule,
      controllers: [PstExportController, healthController('pst-export')],
      providers: [
        { provide: ServiceRuntime, useValue: runtime },
        { provide: PstExportsService, useValue: service },
        { provide: MailboxImporter, useValue: new MailboxImporter(index, blobs) },
      ],
    };
  },
).catch((error: unknown) => {
  console.error(
    `pst-export could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
