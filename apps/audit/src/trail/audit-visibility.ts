import {
  type AuditActivityType,
  type AuditViewerRole,
  CLOUD_ADMINISTRATOR_ONLY_ACTIVITY_TYPES,
} from '@coffer/contracts';

/**
 * What a product administrator does not see in the audit trail: the activity of areas only a
 * cloud administrator manages (administrators and their passwords, single sign-on), as in the
 * console, where Manage Administrators and Settings → SSO are cloud administrators' pages.
 * Everything else — users, profiles, tokens, sign-ins, exports and downloads — they see.
 */
export const CLOUD_ADMINISTRATOR_ONLY_ACTIVITY = CLOUD_ADMINISTRATOR_ONLY_ACTIVITY_TYPES;

export function hiddenActivityTypes(role: AuditViewerRole): AuditActivityType[] {
  return role === 'cloud-administrator' ? [] : CLOUD_ADMINISTRATOR_ONLY_ACTIVITY;
}
