import { type DynamicModule, Module } from '@nestjs/common';

import { healthController, ServiceRuntime } from '@coffer/service-kit';

import { PstExportsService } from './exports/pst-exports.service';
import { MailboxImporter } from './mailboxes/mailbox-importer';
import { MailboxUploadsService } from './mailboxes/mailbox-uploads.service';
import { MailboxesController } from './mailboxes/mailboxes.controller';
import { PstExportController } from './pst-export.controller';

@Module({})
export class PstExportModule {
  static register(
    runtime: ServiceRuntime,
    exports: PstExportsService,
    importer: MailboxImporter,
    uploads: MailboxUploadsService,
  ): DynamicModule {
    return {
      module: PstExportModule,
      controllers: [PstExportController, MailboxesController, healthController('pst-export')],
      providers: [
        { provide: ServiceRuntime, useValue: runtime },
        { provide: PstExportsService, useValue: exports },
        { provide: MailboxImporter, useValue: importer },
        { provide: MailboxUploadsService, useValue: uploads },
      ],
    };
  }
}
