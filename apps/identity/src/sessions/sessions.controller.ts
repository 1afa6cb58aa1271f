import { Controller, Inject } from '@nestjs/common';

import { type ParsedRequestOf, SessionsMessages } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { AccountSessions } from './account-sessions';

type Request<Name extends keyof typeof SessionsMessages> = ParsedRequestOf<
  (typeof SessionsMessages)[Name]
>;

/** An account's sessions (listed, one ended, or all ended) and its recent sign-ins. */
@Controller()
export class SessionsController {
  constructor(@Inject(AccountSessions) private readonly sessions: AccountSessions) {}

  @Handles(SessionsMessages.list)
  list(request: Request<'list'>) {
    return this.sessions.list(request);
  }

  @Handles(SessionsMessages.signIns)
  signIns(request: Request<'signIns'>) {
    return this.sessions.signIns(request);
  }

  @Handles(SessionsMessages.revoke)
  revoke(request: Request<'revoke'>) {
    return this.sessions.revoke(request);
  }

  @Handles(SessionsMessages.revokeAll)
  revokeAll(request: Request<'revokeAll'>) {
    return this.sessions.revokeAll(request);
  }
}
