import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';

import { PasswordPolicyMessages, type PasswordRules } from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { parseQuery } from '../errors/parse-input';
import { Public } from '../sessions/public.decorator';

/** The rules a new password meets, for the pages that set one (before anything is typed). */
@ApiTags('password policy')
@Controller('password-policy')
export class PasswordPolicyController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @Public('the pages that set a password show its rules before anyone has signed in')
  @ApiOperation({
    summary: "The rules of a new administrator's or user's password",
    description: 'Length in characters, and the least zxcvbn strength score (0 to 4) accepted.',
  })
  @ApiQuery({ name: 'for', enum: ['administrator', 'user'] })
  rules(@Query() query: unknown): Promise<PasswordRules> {
    return this.backends.send(
      PasswordPolicyMessages.rules,
      parseQuery(PasswordPolicyMessages.rules.request, query),
    );
  }
}
