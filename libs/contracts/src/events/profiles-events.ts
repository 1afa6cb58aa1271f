export type DataSource =
  'devices' | 'gmail' | 'exchange-online' | 'onedrive' | 'sharepoint' | 'google-drive';

export const DATA_SOURCES: DataSource[] = [
  'devices',
  'gmail',
  'exchange-online',
  'onedrive',
  'sharepoint',
  'google-drive',
];

/** User Privacy & Access: what the users of a profile may do on the web. */
export interface AccessSettings {
  /** "Allow restore from web browser": the Data Sources tab and restores on the web portal. */
  allowWebRestore: boolean;
  /** inSync Share. */
  allowShare: boolean;
}

export interface ProfileCreatedPayload extends AccessSettings {
  name: string;
  isDefault: boolean;
  dataSources: DataSource[];
}

export interface ProfilesEventPayloads {
  'profiles.profile.created': ProfileCreatedPayload;
  'profiles.profile.renamed': { name: string; previousName: string };
  'profiles.profile.access-settings-changed': AccessSettings & { previous: AccessSettings };
  'profiles.profile.deleted': { name: string };
}

export type ProfilesEventType = keyof ProfilesEventPayloads;

/**
 * Every organisation's default profile has this id, a contract between profiles (which creates
 * it) and identity (which puts users without a profile in it), so neither asks the other.
 */
export function defaultProfileId(orgId: string): string {
  return `${orgId}:default`;
}
