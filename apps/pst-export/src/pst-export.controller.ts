import { Controller, Inject } from '@nestjs/common';

import { type ParsedRequestsOf, PstExportMessages } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { PstExportsService } from './exports/pst-exports.service';
import { MailboxImporter } from './mailboxes/mailbox-importer';

type Requests = ParsedRequestsOf<typeof PstExportMessages>;

@Controller()
export class PstExportController {
  constructor(
    @Inject(PstExportsService) private readonly exports: PstExportsService,
    @Inject(MailboxImporter) private readonly importer: MailboxImporter,
  ) {}

  @Handles(PstExportMessages.importMessages)
  importMessages({ firstNumber, ...request }: Requests['importMessages']) {
    return this.importer.importBatch(request, firstNumber);
  }

  @Handles(PstExportMessages.finishImport)
  async finishImport(request: Requests['finishImport']) {
    await this.exports.finishImport(request);
    return { ok: true as const };
  }

  @Handles(PstExportMessages.request)
  request(request: Requests['request']) {
    return this.exports.request(request);
  }

  @Handles(PstExportMessages.list)
  list(request: Requests['list']) {
    return this.exports.list(request.orgId, request.userId);
  }

  @Handles(PstExportMessages.get)
  get(request: Requests['get']) {
    return this.exports.get(request.orgId, request.exportId);
  }

  @Handles(PstExportMessages.reissueLink)
  reissueLink(request: Requests['reissueLink']) {
    return this.exports.reissueLink(request);
  }

  @Handles(PstExportMessages.authorizeDownload)
  authorizeDownload(request: Requests['authorizeDownload']) {
    return this.exports.authorizeDownload(request);
  }

  @Handles(PstExportMessages.grantHolder)
  grantHolder(request: Requests['grantHolder']) {
    return this.exports.grantHolder(request.exportId, request.grant);
  }

  @Handles(PstExportMessages.recordDenied)
  async recordDenied({ exportId, attemptedEmail, reason, context }: Requests['recordDenied']) {
    await this.exports.recordDenied(exportId, attemptedEmail, reason, context);
    return { ok: true as const };
  }

  @Handles(PstExportMessages.downloadFacts)
  downloadFacts(request: Requests['downloadFacts']) {
    return this.exports.downloadFacts(request.exportId);
  }
}
