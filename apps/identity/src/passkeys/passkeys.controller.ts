import { Controller, Inject } from '@nestjs/common';

import { type ParsedRequestOf, PasskeysMessages } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { PasskeyFactor } from './passkey-factor';
import { PasskeySignInService } from './passkey-sign-in.service';
import { PasskeysService } from './passkeys.service';

type Request<Name extends keyof typeof PasskeysMessages> = ParsedRequestOf<
  (typeof PasskeysMessages)[Name]
>;

/** Administrators' passkeys: challenges, passwordless sign-in, registration, list, removal. */
@Controller()
export class PasskeysController {
  constructor(
    @Inject(PasskeysService) private readonly passkeys: PasskeysService,
    @Inject(PasskeySignInService) private readonly signIn: PasskeySignInService,
    @Inject(PasskeyFactor) private readonly factor: PasskeyFactor,
  ) {}

  @Handles(PasskeysMessages.challenge)
  challenge() {
    return this.factor.challenge();
  }

  @Handles(PasskeysMessages.signIn)
  passwordless(request: Request<'signIn'>) {
    return this.signIn.signIn(request);
  }

  @Handles(PasskeysMessages.registrationOptions)
  registrationOptions(request: Request<'registrationOptions'>) {
    return this.passkeys.registrationOptions(request);
  }

  @Handles(PasskeysMessages.register)
  register(request: Request<'register'>) {
    return this.passkeys.register(request);
  }

  @Handles(PasskeysMessages.list)
  list(request: Request<'list'>) {
    return this.passkeys.list(request.orgId, request.administratorId);
  }

  @Handles(PasskeysMessages.remove)
  remove(request: Request<'remove'>) {
    return this.passkeys.remove(request);
  }
}
