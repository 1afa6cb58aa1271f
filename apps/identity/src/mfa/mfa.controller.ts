import { Controller, Inject } from '@nestjs/common';

import { MfaMessages, type ParsedRequestOf } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { MfaService } from './mfa.service';

type Request<Name extends keyof typeof MfaMessages> = ParsedRequestOf<(typeof MfaMessages)[Name]>;

/** The second factor of administrators and end users: enrolment, status, step-up, recovery codes, reset, policy. */
@Controller()
export class MfaController {
  constructor(@Inject(MfaService) private readonly mfa: MfaService) {}

  @Handles(MfaMessages.status)
  status(request: Request<'status'>) {
    return this.mfa.status(request.orgId, request.account);
  }

  @Handles(MfaMessages.startTotp)
  startTotp(request: Request<'startTotp'>) {
    return this.mfa.startTotp(request);
  }

  @Handles(MfaMessages.confirmTotp)
  confirmTotp(request: Request<'confirmTotp'>) {
    return this.mfa.confirmTotp(request);
  }

  @Handles(MfaMessages.regenerateRecoveryCodes)
  regenerateRecoveryCodes(request: Request<'regenerateRecoveryCodes'>) {
    return this.mfa.regenerateRecoveryCodes(request);
  }

  @Handles(MfaMessages.reauthenticate)
  reauthenticate(request: Request<'reauthenticate'>) {
    return this.mfa.reauthenticate(request);
  }

  @Handles(MfaMessages.reset)
  reset(request: Request<'reset'>) {
    return this.mfa.reset(request);
  }

  @Handles(MfaMessages.getPolicy)
  policy(request: Request<'getPolicy'>) {
    return this.mfa.policy(request);
  }

  @Handles(MfaMessages.setPolicy)
  setPolicy(request: Request<'setPolicy'>) {
    return this.mfa.setPolicy(request);
  }
}
