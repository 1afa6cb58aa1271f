import {
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { type BodyOf, PasswordLinksMessages, SignInMessages } from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import type { AuthenticatedRequest } from '../sessions/authenticated-request';
import { Public } from '../sessions/public.decorator';
import { SameOriginGuard } from '../sessions/same-origin.guard';
import { ConsoleAuthGuard } from '../sessions/session.guards';
import { OpenWhileEnrolmentOverdue } from '../sessions/step-up';
import { principalView, SignInHandler } from './sign-in.handler';

@ApiTags('management console')
@Controller('console')
export class ConsoleSessionController {
  constructor(
    @Inject(SignInHandler) private readonly signInHandler: SignInHandler,
    @Inject(BackendClients) private readonly backends: BackendClients,
  ) {}

  @Post('login')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in to the management console with an administrator email and password',
    description:
      "401 invalid-credentials for a wrong password, an unknown email or an end user's account. " +
      'An administrator with a second factor: 401 mfa-required without `otp`, 401 invalid-otp ' +
      'for a wrong, expired, reused or malformed code (counted towards the lockout).',
  })
  @ApiBodyOf(SignInMessages.signIn.body)
  @Public('signs in: there is no session yet')
  login(
    @ValidBody(SignInMessages.signIn.body) body: BodyOf<typeof SignInMessages.signIn>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.signInHandler.signIn('console', body, request, response);
  }

  @Post('logout')
  @UseGuards(ConsoleAuthGuard)
  @OpenWhileEnrolmentOverdue()
  @ApiOperation({ summary: 'End the console session (needs the x-csrf-token header)' })
  logout(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.signInHandler.signOut('console', request, response);
  }

  @Get('me')
  @UseGuards(ConsoleAuthGuard)
  @OpenWhileEnrolmentOverdue()
  @ApiOperation({ summary: 'The signed-in administrator' })
  me(@Req() request: AuthenticatedRequest) {
    return principalView(request.principal);
  }

  @Post('forgot-password')
  @UseGuards(SameOriginGuard)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email an administrator a link to set a new fail-safe password',
    description:
      'The same 202 whether or not the email belongs to an administrator; the link, if any, follows by email.',
  })
  @ApiBodyOf(PasswordLinksMessages.forgot.body)
  @Public('asks for a reset link: the answer never says whether the account exists')
  async forgotPassword(
    @ValidBody(PasswordLinksMessages.forgot.body) body: BodyOf<typeof PasswordLinksMessages.forgot>,
    @Req() request: Request,
  ) {
    await this.backends.send(PasswordLinksMessages.forgot, {
      email: body.email,
      client: { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 500) },
    });
    return {
      message:
        'If this email belongs to an administrator, a link to reset the password is on its way.',
    };
  }

  @Post('password-reset')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({
    summary: 'Set a new fail-safe password with the emailed single-use link',
    description:
      '400 password-link-invalid when the link was used, replaced or is older than 24 hours. ' +
      "Ends the administrator's other sessions and emails them that the password changed.",
  })
  @ApiBodyOf(PasswordLinksMessages.reset.body)
  @Public('the emailed single-use link is the credential')
  resetPassword(
    @ValidBody(PasswordLinksMessages.reset.body) body: BodyOf<typeof PasswordLinksMessages.reset>,
  ) {
    return this.backends.send(PasswordLinksMessages.reset, body);
  }
}
