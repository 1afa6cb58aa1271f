import {
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

import {
  type BodyOf,
  IdentityMessages,
  PstExportMessages,
  type PstExportView,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { parseQuery } from '../errors/parse-input';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import {
  administratorOf,
  type AuthenticatedRequest,
  commandContext,
} from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () =>
    new HttpException(
      { code: 'pst-export-not-found', message: 'There is no such export.' },
      HttpStatus.NOT_FOUND,
    ),
});

const listQuery = z.object({ userId: z.string().min(1).max(100).optional() });

/** PST exports of users' backed-up mailboxes, by the administrators of their organisation. */
@ConsoleController('pst-exports', 'pst exports')
export class PstExportsController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Post()
  @ApiOperation({
    summary:
      "Export a user's Gmail or Exchange Online backup to PST; the link is emailed when done",
  })
  @ApiBodyOf(PstExportMessages.request.body)
  async request(
    @Req() request: AuthenticatedRequest,
    @ValidBody(PstExportMessages.request.body) body: BodyOf<typeof PstExportMessages.request>,
  ): Promise<PstExportView> {
    const administrator = administratorOf(request);
    const user = await this.backends.send(IdentityMessages.users.get, {
      orgId: administrator.orgId,
      userId: body.userId,
    });
    return this.backends.send(PstExportMessages.request, {
      context: commandContext(request),
      orgId: administrator.orgId,
      userId: user.id,
      userEmail: user.email,
      source: body.source,
      from: body.from,
      to: body.to,
      folders: body.folders,
      requestedById: administrator.id,
      requestedByEmail: administrator.email,
    });
  }

  @Get()
  @ApiOperation({
    summary:
      'Exports of this organisation (or of one user), newest first, with status, progress, size, messages, link expiry and requester',
  })
  @ApiQuery({ name: 'userId', required: false, description: "Only this user's exports" })
  list(@Req() request: AuthenticatedRequest, @Query() query: unknown): Promise<PstExportView[]> {
    const { userId } = parseQuery(listQuery, query);
    return this.backends.send(PstExportMessages.list, {
      orgId: administratorOf(request).orgId,
      userId,
    });
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One export: status, progress, size, parts with SHA-256, link and its expiry',
  })
  get(@Req() request: AuthenticatedRequest, @Param('id', uuid) id: string): Promise<PstExportView> {
    return this.backends.send(PstExportMessages.get, {
      orgId: administratorOf(request).orgId,
      exportId: id,
    });
  }

  @Post(':id/reissue-link')
  @ApiOperation({ summary: 'Email the download link again, to me, with a new expiry' })
  reissue(
    @Req() request: AuthenticatedRequest,
    @Param('id', uuid) id: string,
  ): Promise<PstExportView> {
    const administrator = administratorOf(request);
    return this.backends.send(PstExportMessages.reissueLink, {
      context: commandContext(request),
      orgId: administrator.orgId,
      exportId: id,
      to: administrator.email,
    });
  }
}
