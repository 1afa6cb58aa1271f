import { Controller, Inject } from '@nestjs/common';

import { AdministratorsMessages, type ParsedRequestOf } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { AdministratorsService } from './administrators.service';

type Request<Name extends keyof typeof AdministratorsMessages> = ParsedRequestOf<
  (typeof AdministratorsMessages)[Name]
>;

/** Manage Administrators, and the checks of an administrator that other requests rest on. */
@Controller()
export class AdministratorsController {
  constructor(
    @Inject(AdministratorsService) private readonly administrators: AdministratorsService,
  ) {}

  @Handles(AdministratorsMessages.create)
  create(request: Request<'create'>) {
    return this.administrators.create(request);
  }

  @Handles(AdministratorsMessages.emailInUse)
  async emailInUse(request: Request<'emailInUse'>) {
    return { inUse: await this.administrators.emailInUse(request.email) };
  }

  @Handles(AdministratorsMessages.list)
  list(request: Request<'list'>) {
    return this.administrators.list(request.orgId);
  }

  @Handles(AdministratorsMessages.changeRole)
  changeRole(request: Request<'changeRole'>) {
    return this.administrators.changeRole(request);
  }

  @Handles(AdministratorsMessages.disable)
  disable(request: Request<'disable'>) {
    return this.administrators.disable(request);
  }

  @Handles(AdministratorsMessages.enable)
  enable(request: Request<'enable'>) {
    return this.administrators.enable(request);
  }

  @Handles(AdministratorsMessages.getActive)
  async getActive(request: Request<'getActive'>) {
    return (await this.administrators.activeById(request.administratorId)) ?? null;
  }
}
