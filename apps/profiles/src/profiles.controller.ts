import { Controller, Inject } from '@nestjs/common';

import { type ParsedRequestsOf, ProfilesMessages } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { ProfilesService } from './profiles/profiles.service';

type Requests = ParsedRequestsOf<typeof ProfilesMessages>;

@Controller()
export class ProfilesController {
  constructor(@Inject(ProfilesService) private readonly profiles: ProfilesService) {}

  @Handles(ProfilesMessages.list)
  list(request: Requests['list']) {
    return this.profiles.list(request.orgId);
  }

  @Handles(ProfilesMessages.get)
  get(request: Requests['get']) {
    return this.profiles.get(request.orgId, request.profileId);
  }

  @Handles(ProfilesMessages.create)
  create(request: Requests['create']) {
    return this.profiles.create(request);
  }

  @Handles(ProfilesMessages.rename)
  rename(request: Requests['rename']) {
    return this.profiles.rename(request);
  }

  @Handles(ProfilesMessages.changeAccess)
  changeAccess(request: Requests['changeAccess']) {
    return this.profiles.changeAccess(request);
  }

  @Handles(ProfilesMessages.delete)
  delete(request: Requests['delete']) {
    return this.profiles.delete(request);
  }
}
