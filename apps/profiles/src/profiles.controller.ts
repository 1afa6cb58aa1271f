import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';

import { DATA_SOURCES, ProfilesPatterns } from '@coffer/contracts';
import { commandContextSchema, parseRequest } from '@coffer/service-kit';

import { ProfilesService } from './profiles/profiles.service';

const nameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the profile name.')
  .max(100, 'The name is longer than 100 characters.');
const profileRequest = z.object({
  context: commandContextSchema,
  orgId: z.string().min(1),
  profileId: z.string().min(1).max(100),
});
const accessSchema = { allowWebRestore: z.boolean(), allowShare: z.boolean() };

@Controller()
export class ProfilesController {
  constructor(@Inject(ProfilesService) private readonly profiles: ProfilesService) {}

  @MessagePattern(ProfilesPatterns.list)
  list(@Payload() message: unknown) {
    return this.profiles.list(parseRequest(z.object({ orgId: z.string().min(1) }), message).orgId);
  }

  @MessagePattern(ProfilesPatterns.get)
  get(@Payload() message: unknown) {
    const { orgId, profileId } = parseRequest(
      z.object({ orgId: z.string().min(1), profileId: z.string().max(100) }),
      message,
    );
    return this.profiles.get(orgId, profileId);
  }

  @MessagePattern(ProfilesPatterns.create)
  create(@Payload() message: unknown) {
    const schema = z.object({
      context: commandContextSchema,
      orgId: z.string().min(1),
      name: nameSchema,
      ...accessSchema,
      dataSources: z.array(z.enum(DATA_SOURCES as [string, ...string[]])).max(DATA_SOURCES.length),
    });
    return this.profiles.create(
      parseRequest(schema, message) as Parameters<ProfilesService['create']>[0],
    );
  }

  @MessagePattern(ProfilesPatterns.rename)
  rename(@Payload() message: unknown) {
    return this.profiles.rename(parseRequest(profileRequest.extend({ name: nameSchema }), message));
  }

  @MessagePattern(ProfilesPatterns.changeAccess)
  changeAccess(@Payload() message: unknown) {
    return this.profiles.changeAccess(parseRequest(profileRequest.extend(accessSchema), message));
  }

  @MessagePattern(ProfilesPatterns.delete)
  delete(@Payload() message: unknown) {
    return this.profiles.delete(parseRequest(profileRequest, message));
  }
}
