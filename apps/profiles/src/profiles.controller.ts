import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';

import { DATA_SOURCES, ProfilesPatterns } from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import { ProfilesService } from './profiles/profiles.service';

const contextSchema = z.object({
  actor: z.object({
    type: z.enum(['administrator', 'user', 'system', 'api-token']),
    id: z.string().optional(),
    email: z.string().optional(),
    ip: z.string().optional(),
    userAgent: z.string().optional(),
  }),
  correlationId: z.string().min(1),
  causationId: z.string().optional(),
});
const nameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the profile name.')
  .max(100, 'The name is longer than 100 characters.');
const profileRequest = z.object({
  context: contextSchema,
  orgId: z.string().min(1),
  profileId: z.string().min(1).max(100),
});
const accessSchema = { allowWebRestore: z.boolean(), allowShare: z.boolean() };

function parse<T extends z.ZodTypeAny>(schema: T, message: unknown): z.infer<T> {
  const result = schema.safeParse(message);
  if (result.success) return result.data;
  throw new ServiceError(
    'invalid-request',
    result.error.issues.map((issue) => issue.message).join('; '),
  );
}

@Controller()
export class ProfilesController {
  constructor(@Inject(ProfilesService) private readonly profiles: ProfilesService) {}

  @MessagePattern(ProfilesPatterns.list)
  list(@Payload() message: unknown) {
    return this.profiles.list(parse(z.object({ orgId: z.string().min(1) }), message).orgId);
  }

  @MessagePattern(ProfilesPatterns.get)
  get(@Payload() message: unknown) {
    const { orgId, profileId } = parse(
      z.object({ orgId: z.string().min(1), profileId: z.string().max(100) }),
      message,
    );
    return this.profiles.get(orgId, profileId);
  }

  @MessagePattern(ProfilesPatterns.create)
  create(@Payload() message: unknown) {
    const schema = z.object({
      context: contextSchema,
      orgId: z.string().min(1),
      name: nameSchema,
      ...accessSchema,
      dataSources: z.array(z.enum(DATA_SOURCES as [string, ...string[]])).max(DATA_SOURCES.length),
    });
    return this.profiles.create(parse(schema, message) as Parameters<ProfilesService['create']>[0]);
  }

  @MessagePattern(ProfilesPatterns.rename)
  rename(@Payload() message: unknown) {
    return this.profiles.rename(parse(profileRequest.extend({ name: nameSchema }), message));
  }

  @MessagePattern(ProfilesPatterns.changeAccess)
  changeAccess(@Payload() message: unknown) {
    return this.profiles.changeAccess(parse(profileRequest.extend(accessSchema), message));
  }

  @MessagePattern(ProfilesPatterns.delete)
  delete(@Payload() message: unknown) {
    return this.profiles.delete(parse(profileRequest, message));
  }
}
