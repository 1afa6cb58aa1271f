import { Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import {
  type BodyOf,
  type PasskeyChallenge,
  type PasskeyRequestOptions,
  PasskeysMessages,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import { correlationIdOf } from '../sessions/correlation-id';
import { Public } from '../sessions/public.decorator';
import { SameOriginGuard } from '../sessions/same-origin.guard';
import { principalView, SignInHandler } from './sign-in.handler';

/** Passkeys at the console's door: a challenge, and passwordless sign-in with a discoverable passkey. */
@ApiTags('management console')
@Controller('console')
export class PasskeySignInController {
  constructor(
    @Inject(SignInHandler) private readonly signInHandler: SignInHandler,
    @Inject(BackendClients) private readonly backends: BackendClients,
  ) {}

  @Post('passkeys/challenge')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'A WebAuthn challenge for a passkey (sign-in, second factor, step-up)',
    description:
      'Single-use, valid 5 minutes; names no account (discoverable credentials), so it tells ' +
      'nobody which emails have a passkey. Pass `options` to navigator.credentials.get() and ' +
      'send `challengeId` back with the assertion.',
  })
  @Public('a challenge grants nothing: the passkey that answers it is the credential')
  challenge(): Promise<PasskeyChallenge<PasskeyRequestOptions>> {
    return this.backends.send(PasskeysMessages.challenge, {});
  }

  @Post('login/passkey')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in to the console with a passkey, without a password',
    description:
      'The passkey must verify its user (PIN or biometric). A malformed, replayed or wrong ' +
      'assertion is 401 invalid-otp, the same answer as a wrong code, counted towards the ' +
      'lockout. The SSO rule applies as to a password; the session records method passkey.',
  })
  @ApiBodyOf(PasskeysMessages.signIn.body)
  @Public('signs in: there is no session yet')
  async login(
    @ValidBody(PasskeysMessages.signIn.body) body: BodyOf<typeof PasskeysMessages.signIn>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.backends
      .send(PasskeysMessages.signIn, {
        ...body,
        client: { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 500) },
        correlationId: correlationIdOf(request),
      })
      .catch((error: unknown) => {
        this.signInHandler.countRefusal('console', error);
        throw error;
      });
    this.signInHandler.startSession(response, 'console', result);
    return principalView(result.principal);
  }
}
