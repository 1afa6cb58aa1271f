import { Controller, Inject } from '@nestjs/common';

import { MailboxMessages, type ParsedRequestsOf } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { MailboxUploadsService } from './mailbox-uploads.service';

type Requests = ParsedRequestsOf<typeof MailboxMessages>;

/** Users' backed-up mailboxes and the uploads into them. */
@Controller()
export class MailboxesController {
  constructor(@Inject(MailboxUploadsService) private readonly uploads: MailboxUploadsService) {}

  @Handles(MailboxMessages.listOfUser)
  listOfUser(request: Requests['listOfUser']) {
    return this.uploads.listOfUser(request.orgId, request.userId);
  }

  @Handles(MailboxMessages.startImport)
  startImport(request: Requests['startImport']) {
    return this.uploads.start(request);
  }

  @Handles(MailboxMessages.claimUpload)
  claimUpload(request: Requests['claimUpload']) {
    return this.uploads.claimUpload(request.orgId, request.importId);
  }

  @Handles(MailboxMessages.importBatch)
  importBatch(request: Requests['importBatch']) {
    return this.uploads.addBatch(request);
  }

  @Handles(MailboxMessages.finishImport)
  finishImport(request: Requests['finishImport']) {
    return this.uploads.finish(request.orgId, request.importId, request.bytesRead, request.context);
  }

  @Handles(MailboxMessages.failImport)
  failImport(request: Requests['failImport']) {
    return this.uploads.fail(request.orgId, request.importId, request.reason, request.context);
  }

  @Handles(MailboxMessages.getImport)
  getImport(request: Requests['getImport']) {
    return this.uploads.get(request.orgId, request.importId);
  }

  @Handles(MailboxMessages.importsOfUser)
  importsOfUser(request: Requests['importsOfUser']) {
    return this.uploads.ofUser(request.orgId, request.userId);
  }
}
