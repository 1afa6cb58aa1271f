import { Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

import {
  type BodyOf,
  type PasskeyChallenge,
  type PasskeyCreationOptions,
  PasskeysMessages,
  type PasskeyView,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ApiBodyOf, ValidBody } from '../errors/request-body';
import {
  administratorOf,
  type AuthenticatedRequest,
  commandContext,
} from '../sessions/authenticated-request';
import { ConsoleController } from '../sessions/console-controller.decorator';
import { OpenWhileEnrolmentOverdue, RequiresRecentAuthentication } from '../sessions/step-up';
import { ownAccount } from './mfa.controller';

/**
 * The signed-in administrator's passkeys. Adding or removing one is a change of a factor: it
 * needs a recent sign-in or step-up (a stolen session cannot plant its own passkey), and is
 * open while an overdue enrolment shuts the rest of the console.
 */
@ConsoleController('mfa/passkeys', 'multi-factor authentication')
export class PasskeysController {
  constructor(@Inject(BackendClients) private readonly backends: BackendClients) {}

  @Get()
  @OpenWhileEnrolmentOverdue()
  @ApiOperation({ summary: 'My passkeys: name, when added, when last used (never a key)' })
  list(@Req() request: AuthenticatedRequest): Promise<{ passkeys: PasskeyView[] }> {
    return this.backends.send(PasskeysMessages.list, {
      orgId: request.principal.orgId,
      administratorId: administratorOf(request).id,
    });
  }

  @Post('registration-options')
  @HttpCode(200)
  @OpenWhileEnrolmentOverdue()
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: 'Start adding a passkey: options for navigator.credentials.create()',
    description: 'Single-use, valid 5 minutes. 409 passkey-limit-reached past 10 passkeys.',
  })
  registrationOptions(
    @Req() request: AuthenticatedRequest,
  ): Promise<PasskeyChallenge<PasskeyCreationOptions>> {
    return this.backends.send(PasskeysMessages.registrationOptions, ownAccount(request));
  }

  @Post()
  @OpenWhileEnrolmentOverdue()
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: "Add the passkey: the browser's answer to the registration options, and a name",
    description:
      '400 passkey-registration-failed when the answer does not match the challenge, our ' +
      'origin or RP ID, or the challenge expired or was used; 409 passkey-exists.',
  })
  @ApiBodyOf(PasskeysMessages.register.body)
  register(
    @Req() request: AuthenticatedRequest,
    @ValidBody(PasskeysMessages.register.body) body: BodyOf<typeof PasskeysMessages.register>,
  ): Promise<PasskeyView> {
    return this.backends.send(PasskeysMessages.register, { ...ownAccount(request), ...body });
  }

  @Delete(':id')
  @HttpCode(200)
  @RequiresRecentAuthentication()
  @ApiOperation({ summary: 'Remove one of my passkeys (404 passkey-not-found)' })
  remove(
    @Req() request: AuthenticatedRequest,
    @Param('id') passkeyId: string,
  ): Promise<{ removed: true }> {
    return this.backends.send(PasskeysMessages.remove, {
      context: commandContext(request),
      orgId: request.principal.orgId,
      passkeyId,
    });
  }
}
