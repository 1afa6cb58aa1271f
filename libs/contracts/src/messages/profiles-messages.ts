import type { CommandContext } from '../envelope';
import type { AccessSettings, DataSource } from '../events/profiles-events';

export interface ProfileView extends AccessSettings {
  id: string;
  orgId: string;
  name: string;
  isDefault: boolean;
  dataSources: DataSource[];
  memberCount: number;
  version: number;
}

export interface CreateProfileRequest extends AccessSettings {
  context: CommandContext;
  orgId: string;
  name: string;
  dataSources: DataSource[];
}

export interface ProfileRequest {
  context: CommandContext;
  orgId: string;
  profileId: string;
}

export interface ChangeAccessRequest extends ProfileRequest, AccessSettings {}

export interface RenameProfileRequest extends ProfileRequest {
  name: string;
}
