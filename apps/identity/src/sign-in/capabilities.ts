import type { Capabilities } from '@coffer/contracts';

/** A profile's User Privacy & Access rules, as identity knows them. */
export interface AccessRules {
  allowWebRestore: boolean;
  allowShare: boolean;
}

/** Until profiles arrive (their own issue), every user is in a default profile that allows everything. */
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
