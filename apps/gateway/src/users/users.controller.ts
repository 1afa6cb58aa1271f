import {
  BadRequestException,
  Body,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';

import {
  type BodyOf,
  type BulkUserStatusResult,
  type ImportUsersResult,
  MfaMessages,
  type SignInHistory,
  sortOrderSchema,
  type UserDetailView,
  USERS_PAGE_SIZE_MAX,
  UsersMessages,
  userSortSchema,
  usersPageQuerySchema,
  userStatusActionSchema,
  type UserView,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { parseQuery } from '../errors/parse-input';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import { type AuthenticatedRequest, commandContext } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { RequiresRecentAuthentication } from '../sessions/step-up';
import { parseUsersCsv } from './user-csv';

/** The query string of the Users list: numbers arrive as text; `limit` is the older name of `pageSize`. */
const listQuerySchema = usersPageQuerySchema.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(USERS_PAGE_SIZE_MAX).optional(),
  limit: z.coerce.number().int().min(1).max(USERS_PAGE_SIZE_MAX).optional(),
});

/** The header that carries how many users match, on every page (the body stays an array). */
const TOTAL_HEADER = 'X-Total-Count';

const idSchema = z.string().regex(/^[0-9a-f-]{36}$/i, 'not a user id');

/** Users of the caller's organisation; another organisation's user ids answer 404. */
@ConsoleController('users', 'users')
export class UsersController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @ApiOperation({
    summary: 'One page of users: searched, filtered by status, sorted, with the total',
    description:
      'The body is the page of users (an array, as before paging); the X-Total-Count header says ' +
      'how many match. Without paging parameters it is the first 100 by email.',
  })
  @ApiQuery({ name: 'query', required: false, description: 'Matched in email and name' })
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'disabled', 'preserved'] })
  @ApiQuery({ name: 'sort', required: false, enum: userSortSchema.options })
  @ApiQuery({ name: 'order', required: false, enum: sortOrderSchema.options })
  @ApiQuery({ name: 'page', required: false, type: Number, description: '1 for the first page' })
  @ApiQuery({
    name: 'pageSize',
    required: false,
    type: Number,
    description: `Users per page, 1 to ${USERS_PAGE_SIZE_MAX} (default 100)`,
  })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: 'Older name of pageSize' })
  @ApiOkResponse({
    description: 'The page of users',
    headers: {
      [TOTAL_HEADER]: {
        description: 'How many users match the search and filter',
        schema: { type: 'integer' },
      },
    },
  })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserView[]> {
    const { limit, pageSize, ...paging } = parseQuery(listQuerySchema, query);
    const page = await this.backends.send(UsersMessages.page, {
      ...paging,
      pageSize: pageSize ?? limit ?? 100,
      orgId: request.principal.orgId,
    });
    response.setHeader(TOTAL_HEADER, String(page.total));
    return page.users;
  }

  @Post('bulk-status')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Activate, disable or preserve several users in one request',
    description:
      'Each user is changed on its own; the answer says, per user, what happened (a user of ' +
      'another organisation, or one already so, is refused without stopping the others).',
  })
  @ApiBodyOf(UsersMessages.bulkChangeStatus.body)
  bulkChangeStatus(
    @Req() request: AuthenticatedRequest,
    @ValidBody(UsersMessages.bulkChangeStatus.body)
    body: BodyOf<typeof UsersMessages.bulkChangeStatus>,
  ): Promise<BulkUserStatusResult> {
    return this.backends.send(
      UsersMessages.bulkChangeStatus,
      { context: commandContext(request), orgId: request.principal.orgId, ...body },
      // One command per user; a full page of them takes a while on a small machine.
      { timeoutMs: 2 * 60_000 },
    );
  }

  @Post()
  @ApiOperation({
    summary: 'Create an end user, with a password or (later) an emailed link to choose one',
  })
  @ApiBodyOf(UsersMessages.create.body)
  create(
    @Req() request: AuthenticatedRequest,
    @ValidBody(UsersMessages.create.body) body: BodyOf<typeof UsersMessages.create>,
  ): Promise<UserView> {
    return this.backends.send(UsersMessages.create, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      ...body,
    });
  }

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: 'email,name\nbob@example.com,Bob Example' },
    description: 'A header row naming email and name (profileId optional); at most 10,000 users',
  })
  @ApiOperation({
    summary: 'Import users from CSV; each gets an emailed link to choose a password',
    description:
      'Answers how many were created and, per skipped line, why (for example, the user exists).',
  })
  async import(
    @Req() request: AuthenticatedRequest,
    @Body() body: unknown,
  ): Promise<ImportUsersResult> {
    if (typeof body !== 'string' || !request.is('text/csv')) {
      throw new BadRequestException({
        code: 'invalid-request',
        message: 'Send the CSV file as the body, with Content-Type text/csv.',
      });
    }
    const parsed = parseUsersCsv(body);
    if (!parsed.ok) throw new BadRequestException({ code: 'invalid-csv', message: parsed.message });
    return this.backends.send(
      UsersMessages.import,
      { context: commandContext(request), orgId: request.principal.orgId, rows: parsed.rows },
      // Each row is a command of its own; a large file takes a while on a small machine.
      { timeoutMs: 5 * 60_000 },
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user, and whether they have chosen a password yet' })
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<UserDetailView> {
    return this.backends.send(UsersMessages.get, {
      orgId: request.principal.orgId,
      userId: this.userId(id),
    });
  }

  @Get(':id/sign-ins')
  @ApiOperation({
    summary: "The user's recent sign-in attempts, newest first",
    description:
      'Time, surface, method, IP address, browser and outcome (with the reason of a refusal), ' +
      'from the sign-in events; they appear a moment after the attempt.',
  })
  signIns(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<SignInHistory> {
    return this.backends.send(UsersMessages.signInHistory, {
      orgId: request.principal.orgId,
      userId: this.userId(id),
    });
  }

  @Post(':id/resend-invite')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email a user who has not chosen a password yet a fresh link to choose one',
    description:
      'The older link stops working. 409 user-password-already-set when they have a password, ' +
      '409 user-not-active when they are disabled or preserved.',
  })
  resendInvite(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
  ): Promise<{ sent: true }> {
    return this.backends.send(UsersMessages.resendInvitation, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      userId: this.userId(id),
    });
  }

  @Post(':id/profile')
  @HttpCode(200)
  @ApiOperation({
    summary: "Move a user to another profile; the user's next sign-in follows its rules",
  })
  @ApiBodyOf(UsersMessages.assignProfile.body)
  assignProfile(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
    @ValidBody(UsersMessages.assignProfile.body) body: BodyOf<typeof UsersMessages.assignProfile>,
  ): Promise<UserView> {
    return this.backends.send(UsersMessages.assignProfile, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      userId: this.userId(id),
      profileId: body.profileId,
    });
  }

  @Post(':id/mfa-reset')
  @HttpCode(200)
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: "Reset a user's multi-factor authentication (cloud administrators only)",
    description:
      'For a user who lost their authenticator app and recovery codes: removes both and ends all ' +
      'their sessions; the cloud administrators are emailed (break-glass) and the admin audit ' +
      'trail shows it. Needs step-up (401 reauthentication-required).',
  })
  resetMfa(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
  ): Promise<{ reset: true }> {
    return this.backends.send(MfaMessages.reset, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      account: { kind: 'user', id: this.userId(id) },
    });
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: ['activate', 'disable', 'preserve'] })
  @ApiOperation({
    summary: 'Activate, disable or preserve a user',
    description: 'Takes effect at once: an activated user can sign in with the next request.',
  })
  changeStatus(
    @Req() request: AuthenticatedRequest,
    @Param('id') id: string,
    @Param('action') action: string,
  ): Promise<UserView> {
    return this.backends.send(UsersMessages.changeStatus, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      userId: this.userId(id),
      action: parseQuery(userStatusActionSchema, action),
    });
  }

  private userId(id: string): string {
    const parsed = idSchema.safeParse(id);
    if (!parsed.success) {
      // Malformed ids get the same answer as another organisation's: nothing to probe.
      throw new NotFoundException({
        code: 'user-not-found',
        message: 'There is no such user in your organisation.',
      });
    }
    return parsed.data;
  }
}
