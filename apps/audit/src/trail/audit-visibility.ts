import type { AuditViewerRole } from '@coffer/contracts';

/**
 * What a product administrator does not see in the audit trail: the activity of areas only a
 * cloud administrator manages (administrators and their passwords, single sign-on), as in the
 * console, where Manage Administrators and Settings → SSO are cloud administrators' pages.
 * Everything else — users, profiles, tokens, sign-ins, exports and downloads — they see.
 */
export const CLOUD_ADMINISTRATOR_ONLY_ACTIVITY = [
  'administrator-management',
  'sso-settings',
  'sso-test',
];

export function hiddenActivityTypes(role: AuditViewerRole): string[] {
  return role === 'cloud-administrator' ? [] : CLOUD_ADMINISTRATOR_ONLY_ACTIVITY;
}
