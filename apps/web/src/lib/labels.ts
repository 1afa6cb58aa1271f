import type { AdministratorRole, DataSource, UserView } from '@coffer/contracts';

export const ROLE_LABELS: Record<AdministratorRole, string> = {
  'cloud-administrator': 'Cloud Administrator',
  'product-administrator': 'Product Administrator',
};

export const USER_STATUS_LABELS: Record<UserView['status'], string> = {
  active: 'Active',
  disabled: 'Disabled',
  preserved: 'Preserved',
};

export const SOURCE_LABELS: Record<string, string> = {
  gmail: 'Gmail',
  'exchange-online': 'Exchange Online',
};

/** Every data source, in words; typed against the contract so a new one cannot be forgotten. */
export const DATA_SOURCE_LABELS: Record<DataSource, string> = {
  devices: 'Devices',
  gmail: 'Gmail',
  'exchange-online': 'Exchange Online',
  onedrive: 'OneDrive',
  sharepoint: 'SharePoint',
  'google-drive': 'Google Drive',
};
