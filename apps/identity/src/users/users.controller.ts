import { Controller, Inject } from '@nestjs/common';

import { type ParsedRequestOf, UsersMessages } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { UsersService } from './users.service';

type Request<Name extends keyof typeof UsersMessages> = ParsedRequestOf<
  (typeof UsersMessages)[Name]
>;

@Controller()
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Handles(UsersMessages.list)
  list(request: Request<'list'>) {
    return this.users.list(request);
  }

  @Handles(UsersMessages.page)
  page(request: Request<'page'>) {
    return this.users.page(request);
  }

  @Handles(UsersMessages.bulkChangeStatus)
  bulkChangeStatus(request: Request<'bulkChangeStatus'>) {
    return this.users.bulkChangeStatus(request);
  }

  @Handles(UsersMessages.resendInvitation)
  resendInvitation(request: Request<'resendInvitation'>) {
    return this.users.resendInvitation(request);
  }

  @Handles(UsersMessages.signInHistory)
  signInHistory(request: Request<'signInHistory'>) {
    return this.users.signInHistory(request.orgId, request.userId);
  }

  @Handles(UsersMessages.get)
  get(request: Request<'get'>) {
    return this.users.get(request.orgId, request.userId);
  }

  @Handles(UsersMessages.create)
  create(request: Request<'create'>) {
    return this.users.create(request);
  }

  @Handles(UsersMessages.changeStatus)
  changeStatus(request: Request<'changeStatus'>) {
    return this.users.changeStatus(request);
  }

  @Handles(UsersMessages.import)
  import(request: Request<'import'>) {
    return this.users.import(request);
  }

  @Handles(UsersMessages.assignProfile)
  assignProfile(request: Request<'assignProfile'>) {
    return this.users.assignProfile(request);
  }
}
