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
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

import {
  UsersMessages,
  userStatusActionSchema,
  type BodyOf,
  type ImportUsersResult,
  type UserView,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { parseQuery } from '../errors/parse-input';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import { commandContext, type AuthenticatedRequest } from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { parseUsersCsv } from './user-csv';

const listQuerySchema = z.object({
  query: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const idSchema = z.string().regex(/^[0-9a-f-]{36}$/i, 'not a user id');

/** Users of the caller's organisation; another organisation's user ids answer 404. */
@ConsoleController('users', 'users')
export class UsersController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @ApiOperation({ summary: 'Search users by email or name' })
  @ApiQuery({ name: 'query', required: false })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  list(@Req() request: AuthenticatedRequest, @Query() query: unknown): Promise<UserView[]> {
    const { query: text, limit } = parseQuery(listQuerySchema, query);
    return this.backends.send(UsersMessages.list, {
      orgId: request.principal.orgId,
      query: text,
      limit,
    });
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
  @ApiOperation({ summary: 'One user' })
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<UserView> {
    return this.backends.send(UsersMessages.get, {
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
