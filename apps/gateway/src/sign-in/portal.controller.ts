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
import { PortalSessionGuard } from '../sessions/session.guards';
import { OpenWhileEnrolmentOverdue } from '../sessions/step-up';
import { principalView, SignInHandler } from './sign-in.handler';

@ApiTags('web portal')
@Controller('portal')
export class PortalController {
  constructor(
    @Inject(SignInHandler) private readonly signInHandler: SignInHandler,
    @Inject(BackendClients) private readonly backends: BackendClients,
  ) {}

  @Post('login')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in to the web portal with email and password',
    description:
      '401 invalid-credentials for a wrong password, an unknown email or an administrator account (one body for all); ' +
      '401 mfa-required when the user has a second factor (send it as `otp`), or when the organisation requires one, ' +
      'the grace period is over and the user has none (`enrolmentRequired: true`: the session set reaches only ' +
      '/api/portal/mfa, me and logout); ' +
      '403 user-disabled, user-preserved or web-access-disabled; 429 locked-out after repeated failures.',
  })
  @ApiBodyOf(SignInMessages.signIn.body)
  @Public('signs in: there is no session yet')
  login(
    @ValidBody(SignInMessages.signIn.body) body: BodyOf<typeof SignInMessages.signIn>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.signInHandler.signIn('portal', body, request, response);
  }

  @Post('logout')
  @UseGuards(PortalSessionGuard)
  @OpenWhileEnrolmentOverdue()
  @ApiOperation({ summary: 'End the web portal session (needs the x-csrf-token header)' })
  logout(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.signInHandler.signOut('portal', request, response);
  }

  @Post('password')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({
    summary: 'Choose a password with the single-use link emailed to a new user',
    description: '400 password-link-invalid when the link was used already or has expired.',
  })
  @ApiBodyOf(PasswordLinksMessages.choose.body)
  @Public('the emailed single-use link is the credential')
  choosePassword(
    @ValidBody(PasswordLinksMessages.choose.body) body: BodyOf<typeof PasswordLinksMessages.choose>,
  ) {
    return this.backends.send(PasswordLinksMessages.choose, body);
  }

  @Get('me')
  @UseGuards(PortalSessionGuard)
  @OpenWhileEnrolmentOverdue()
  @ApiOperation({
    summary:
      'The signed-in user and what they may do: capabilities.dataSources shows the Data Sources tab',
  })
  me(@Req() request: AuthenticatedRequest) {
    return principalView(request.principal);
  }
}
