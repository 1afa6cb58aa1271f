import { Controller, Inject } from '@nestjs/common';

import { ProfilesMessages, type ParsedRequestOf } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { ProfilesService } from './profiles/profiles.service';

type Request<Name extends keyof typeof ProfilesMessages> = ParsedRequestOf<
  (typeof ProfilesMessages)[Name]
>;

@Controller()
export class ProfilesController {
  constructor(@Inject(ProfilesService) private readonly profiles: ProfilesService) {}

  @Handles(ProfilesMessages.list)
  list(request: Request<'list'>) {
    return this.profiles.list(request.orgId);
  }

  @Handles(ProfilesMessages.get)
  get(request: Request<'get'>) {
    return this.profiles.get(request.orgId, request.profileId);
  }

  @Handles(ProfilesMessages.create)
  create(request: Request<'create'>) {
    return this.profiles.create(request);
  }

  @Handles(ProfilesMessages.rename)
  rename(request: Request<'rename'>) {
    return this.profiles.rename(request);
  }

  @Handles(ProfilesMessages.changeAccess)
  changeAccess(request: Request<'changeAccess'>) {
    return this.profiles.changeAccess(request);
  }

  @Handles(ProfilesMessages.delete)
  delete(request: Request<'delete'>) {
    return this.profiles.delete(request);
  }
}
