import {
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';

import type { CofferConfig } from '@coffer/config';
import { ERRORS, type MailboxImportView, MailboxMessages } from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { GATEWAY_CONFIG } from '../gateway-config';
import { type AuthenticatedRequest, commandContext } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { ArchiveUpload } from './archive-upload';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () =>
    new HttpException(
      { code: 'mailbox-import-not-found', message: ERRORS['mailbox-import-not-found'].message },
      HttpStatus.NOT_FOUND,
    ),
});

/** One import of a mailbox archive: its upload, and its progress while it runs. */
@ConsoleController('mailbox-imports', 'mailboxes')
export class MailboxImportsController {
  constructor(
    @Inject(BackendClients) private readonly backends: BackendClients,
    @Inject(GATEWAY_CONFIG) private readonly config: CofferConfig,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary:
      'One import: status, bytes read, messages read, imported, duplicates, skipped (with reasons)',
  })
  get(
    @Req() request: AuthenticatedRequest,
    @Param('id', uuid) id: string,
  ): Promise<MailboxImportView> {
    return this.backends.send(MailboxMessages.getImport, {
      orgId: request.principal.orgId,
      importId: id,
    });
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Upload the archive of a started import; answers when every message is stored',
    description:
      'multipart/form-data with one file field. The archive is read as it arrives, never held whole; messages that cannot be read are skipped and listed with their reasons.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { archive: { type: 'string', format: 'binary' } },
      required: ['archive'],
    },
  })
  async upload(
    @Req() request: AuthenticatedRequest,
    @Param('id', uuid) id: string,
  ): Promise<MailboxImportView> {
    const orgId = request.principal.orgId;
    const job = await this.backends.send(MailboxMessages.getImport, { orgId, importId: id });
    if (job.status !== 'running') {
      throw new HttpException(
        {
          code: 'mailbox-import-not-running',
          message: ERRORS['mailbox-import-not-running'].message,
        },
        ERRORS['mailbox-import-not-running'].status,
      );
    }
    // One upload per import, before a byte is read: a second one answers 409 and fails nothing.
    await this.backends.send(MailboxMessages.claimUpload, { orgId, importId: id });
    const upload = new ArchiveUpload(
      this.backends,
      { orgId, importId: id },
      commandContext(request),
      { maxBytes: this.config.pstExport.importMaxBytes },
    );
    return upload.run(request);
  }
}
