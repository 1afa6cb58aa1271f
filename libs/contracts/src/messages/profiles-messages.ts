import { z } from 'zod';

import type { AccessSettings, DataSource } from '../events/profiles-events';
import { DATA_SOURCES } from '../events/profiles-events';
import { commandContextSchema, orgIdSchema } from './common-schemas';
import { serviceStatusMessages } from './health-messages';
import { defineMessage } from './message-definition';

export interface ProfileView extends AccessSettings {
  id: string;
  orgId: string;
  name: string;
  isDefault: boolean;
  dataSources: DataSource[];
  memberCount: number;
  version: number;
}

const profileName = z
  .string()
  .trim()
  .min(1, 'Enter the profile name.')
  .max(100, 'The name is longer than 100 characters.');

/** User Privacy & Access, as an administrator saves it. */
export const accessSettingsBody = z
  .object({
    /** "Allow restore from web browser": the Data Sources tab. */
    allowWebRestore: z.boolean(),
    /** inSync Share. */
    allowShare: z.boolean(),
  })
  .strict();

export const createProfileBody = accessSettingsBody
  .extend({
    name: profileName,
    dataSources: z
      .array(
        z.enum(DATA_SOURCES as [DataSource, ...DataSource[]], {
          errorMap: () => ({ message: `Data sources are among: ${DATA_SOURCES.join(', ')}.` }),
        }),
      )
      .max(DATA_SOURCES.length),
  })
  .strict();

export const renameProfileBody = z.object({ name: profileName }).strict();

const inOrganization = z.object({ orgId: orgIdSchema });
const profileCommand = inOrganization.extend({
  context: commandContextSchema,
  profileId: z.string().min(1).max(100),
});

export const ProfilesMessages = {
  ...serviceStatusMessages('profiles'),
  list: defineMessage<ProfileView[]>()({
    service: 'profiles',
    pattern: 'profiles.list',
    request: inOrganization,
    errors: [],
  }),
  get: defineMessage<ProfileView>()({
    service: 'profiles',
    pattern: 'profiles.get',
    request: inOrganization.extend({ profileId: z.string().max(100) }),
    errors: ['profile-not-found'],
  }),
  create: defineMessage<ProfileView>()({
    service: 'profiles',
    pattern: 'profiles.create',
    request: createProfileBody
      .strip()
      .extend({ context: commandContextSchema, orgId: orgIdSchema }),
    body: createProfileBody,
    errors: ['invalid-request', 'profile-name-taken', 'profile-exists'],
  }),
  rename: defineMessage<ProfileView>()({
    service: 'profiles',
    pattern: 'profiles.rename',
    request: profileCommand.extend({ name: profileName }),
    body: renameProfileBody,
    errors: ['invalid-request', 'profile-not-found', 'profile-name-taken', 'concurrent-change'],
  }),
  changeAccess: defineMessage<ProfileView>()({
    service: 'profiles',
    pattern: 'profiles.change-access',
    request: profileCommand.merge(accessSettingsBody.strip()),
    body: accessSettingsBody,
    errors: ['invalid-request', 'profile-not-found', 'concurrent-change'],
  }),
  delete: defineMessage<{ deleted: true }>()({
    service: 'profiles',
    pattern: 'profiles.delete',
    request: profileCommand,
    errors: ['profile-not-found', 'profile-is-default', 'profile-has-members', 'concurrent-change'],
  }),
};

export type CreateProfileRequest = z.output<typeof ProfilesMessages.create.request>;
export type ProfileRequest = z.output<typeof ProfilesMessages.delete.request>;
export type ChangeAccessRequest = z.output<typeof ProfilesMessages.changeAccess.request>;
export type RenameProfileRequest = z.output<typeof ProfilesMessages.rename.request>;
