import type { AccessSettings, DataSource } from '@coffer/contracts';

/**
 * Every organisation has a default profile with a predictable id, so identity can place users
 * who were given no profile in it without asking the profiles service.
 */
export function defaultProfileId(orgId: string): string {
  return `${orgId}:default`;
}

export const DEFAULT_PROFILE = {
  name: 'Default',
  access: { allowWebRestore: true, allowShare: true } satisfies AccessSettings,
  dataSources: ['devices', 'gmail', 'exchange-online', 'onedrive'] satisfies DataSource[],
};
