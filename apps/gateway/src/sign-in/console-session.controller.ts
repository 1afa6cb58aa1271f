import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import type { AuthenticatedRequest } from '../sessions/authenticated-request';
import { ConsoleAuthGuard } from '../sessions/session.guards';
import { LoginDto } from './login.dto';
import { principalView, SignInHandler } from './sign-in.handler';

@ApiTags('management console')
@Controller('console')
export class ConsoleSessionController {
  constructor(@Inject(SignInHandler) private readonly signInHandler: SignInHandler) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in to the management console with an administrator email and password',
    description:
      "401 invalid-credentials for a wrong password, an unknown email or an end user's account.",
  })
  login(
    @Body() body: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.signInHandler.signIn('console', body, request, response);
  }

  @Post('logout')
  @UseGuards(ConsoleAuthGuard)
  @ApiOperation({ summary: 'End the console session (needs the x-csrf-token header)' })
  logout(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.signInHandler.signOut('console', request, response);
  }

  @Get('me')
  @UseGuards(ConsoleAuthGuard)
  @ApiOperation({ summary: 'The signed-in administrator' })
  me(@Req() request: AuthenticatedRequest) {
    return principalView(request.principal);
  }
}
