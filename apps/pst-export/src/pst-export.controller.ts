import { Controller, Inject } from '@nestjs/common';

import { PstExportMessages, type ParsedRequestOf } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { PstExportsService } from './exports/pst-exports.service';
import { MailboxImporter } from './mailboxes/mailbox-importer';

type Request<Name extends keyof typeof PstExportMessages> = ParsedRequestOf<
  (typeof PstExportMessages)[Name]
>;

@Controller()
export class PstExportController {
  constructor(
    @Inject(PstExportsService) private readonly exports: PstExportsService,
    @Inject(MailboxImporter) private readonly importer: MailboxImporter,
  ) {}

  @Handles(PstExportMessages.importMessages)
  importMessages({ firstNumber, ...request }: Request<'importMessages'>) {
    return this.importer.importBatch(request, firstNumber);
  }

  @Handles(PstExportMessages.finishImport)
  async finishImport(request: Request<'finishImport'>) {
    await this.exports.finishImport(request);
    return { ok: true as const };
  }

  @Handles(PstExportMessages.request)
  request(request: Request<'request'>) {
    return this.exports.request(request);
  }

  @Handles(PstExportMessages.list)
  list(request: Request<'list'>) {
    return this.exports.list(request.orgId);
  }

  @Handles(PstExportMessages.get)
  get(request: Request<'get'>) {
    return this.exports.get(request.orgId, request.exportId);
  }

  @Handles(PstExportMessages.reissueLink)
  reissueLink(request: Request<'reissueLink'>) {
    return this.exports.reissueLink(request);
  }

  @Handles(PstExportMessages.authorizeDownload)
  authorizeDownload(request: Request<'authorizeDownload'>) {
    return this.exports.authorizeDownload(request);
  }

  @Handles(PstExportMessages.grantHolder)
  grantHolder(request: Request<'grantHolder'>) {
    return this.exports.grantHolder(request.exportId, request.grant);
  }

  @Handles(PstExportMessages.recordDenied)
  async recordDenied({ exportId, attemptedEmail, reason, context }: Request<'recordDenied'>) {
    await this.exports.recordDenied(exportId, attemptedEmail, reason, context);
    return { ok: true as const };
  }

  @Handles(PstExportMessages.organizationOf)
  organizationOf(request: Request<'organizationOf'>) {
    return this.exports.organizationOf(request.exportId);
  }
}
