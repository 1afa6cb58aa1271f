import { Get, HttpException, Inject, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import type { CofferConfig } from '@coffer/config';
import {
  type BodyOf,
  ERRORS,
  IdentityMessages,
  type MailboxImportView,
  MailboxMessages,
  type MailboxView,
  type UserView,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import { GATEWAY_CONFIG } from '../gateway-config';
import {
  administratorOf,
  type AuthenticatedRequest,
  commandContext,
} from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { describeLimit } from './archive-upload';

const USER_ID = /^[0-9a-f-]{36}$/i;

/** A user's backed-up mailboxes and the imports into them; another organisation's user is 404. */
@ConsoleController('users', 'mailboxes')
export class UserMailboxesController {
  constructor(
    @Inject(BackendClients) private readonly backends: BackendClients,
    @Inject(GATEWAY_CONFIG) private readonly config: CofferConfig,
  ) {}

  @Get(':id/mailboxes')
  @ApiOperation({
    summary: "A user's backed-up mailboxes: source, messages, size and last import",
  })
  async mailboxes(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
  ): Promise<MailboxView[]> {
    const user = await this.userOf(request, id);
    return this.backends.send(MailboxMessages.listOfUser, {
      orgId: request.principal.orgId,
      userId: user.id,
    });
  }

  @Get(':id/mailbox-imports')
  @ApiOperation({ summary: "A user's latest imports of mailbox archives, newest first" })
  async imports(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
  ): Promise<MailboxImportView[]> {
    const user = await this.userOf(request, id);
    return this.backends.send(MailboxMessages.importsOfUser, {
      orgId: request.principal.orgId,
      userId: user.id,
    });
  }

  @Post(':id/mailbox-imports')
  @ApiOperation({
    summary: 'Start importing a mailbox archive into a user’s backup',
    description:
      'Then upload the archive (an mbox file, a zip of .eml files, or a Maildir in a zip or tar) to /api/console/mailbox-imports/{id}/archive and follow the import with GET /api/console/mailbox-imports/{id}.',
  })
  @ApiBodyOf(MailboxMessages.startImport.body)
  async start(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
    @ValidBody(MailboxMessages.startImport.body) body: BodyOf<typeof MailboxMessages.startImport>,
  ): Promise<MailboxImportView> {
    const maxBytes = this.config.pstExport.importMaxBytes;
    if (body.bytes > maxBytes) {
      throw new HttpException(
        {
          code: 'mailbox-archive-too-large',
          message: `${body.fileName} is larger than ${describeLimit(maxBytes)}, the largest mailbox archive accepted; split it or ask the operator to import it.`,
        },
        ERRORS['mailbox-archive-too-large'].status,
      );
    }
    const user = await this.userOf(request, id);
    const administrator = administratorOf(request);
    return this.backends.send(MailboxMessages.startImport, {
      context: commandContext(request),
      orgId: administrator.orgId,
      userId: user.id,
      userEmail: user.email,
      source: body.source,
      fileName: body.fileName,
      bytes: body.bytes,
      startedByEmail: administrator.email,
    });
  }

  private async userOf(request: AuthenticatedRequest, id: string): Promise<UserView> {
    if (!USER_ID.test(id)) {
      // Malformed ids get the same answer as another organisation's: nothing to probe.
      throw new NotFoundException({
        code: 'user-not-found',
        message: ERRORS['user-not-found'].message,
      });
    }
    return this.backends.send(IdentityMessages.users.get, {
      orgId: request.principal.orgId,
      userId: id,
    });
  }
}
