import type { Capabilities } from '@coffer/contracts';

/** A profile's User Privacy & Access rules, as identity knows them. */
export interface AccessRules {
  allowWebRestore: boolean;
  allowShare: boolean;
}

/** What a profile allows until identity has heard of it: the default profile's settings. */
export const DEFAULT_ACCESS: AccessRules = { allowWebRestore: true, allowShare: true };

export function capabilitiesOf(rules: AccessRules): Capabilities {
  return {
    dataSources: rules.allowWebRestore,
    restore: rules.allowWebRestore,
    share: rules.allowShare,
  };
}

/** With neither web restore nor share, there is nothing a user can do on the web portal. */
export function hasWebAccess(rules: AccessRules): boolean {
  return rules.allowWebRestore || rules.allowShare;
}
