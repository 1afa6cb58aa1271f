import type { AccessSettings, DataSource } from '@coffer/contracts';

/** What a new organisation's default profile allows and backs up. */

export const DEFAULT_PROFILE = {
  name: 'Default',
  access: { allowWebRestore: true, allowShare: true } satisfies AccessSettings,
  dataSources: ['devices', 'gmail', 'exchange-online', 'onedrive'] satisfies DataSource[],
};
