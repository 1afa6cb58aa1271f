interface ActivityTypeDefinition {
  /** What the console's Activity Type filter calls it. */
  label: string;
  /** Entries a product administrator does not see (the console pages for them are cloud administrators'). */
  cloudAdministratorsOnly?: true;
}

/**
 * Every activity type of the audit trail, in the order the console offers them: the one list
 * the audit service describes events with, hides from product administrators by, and validates
 * the filter against, and the console builds its filter from, so neither can drift.
 */
export const AUDIT_ACTIVITY_TYPES = {
  'restore-download-share': { label: 'Restore, Download, & Share' },
  'sign-in': { label: 'Sign-in' },
  'break-glass': { label: 'Break-glass (fail-safe sign-in under SSO, MFA reset, recovery code)' },
  sessions: { label: 'Sessions (ended by an administrator or a reset)' },
  'user-management': { label: 'User management' },
  'administrator-management': { label: 'Administrator management', cloudAdministratorsOnly: true },
  'profile-management': { label: 'Profile management' },
  'api-tokens': { label: 'API tokens' },
  'sso-settings': { label: 'SSO settings', cloudAdministratorsOnly: true },
  'sso-test': { label: 'SSO test sign-in', cloudAdministratorsOnly: true },
  'organization-management': { label: 'Organisation settings' },
} as const satisfies Record<string, ActivityTypeDefinition>;

export type AuditActivityType = keyof typeof AUDIT_ACTIVITY_TYPES;

// No zod here: the console imports this list, and its bundle carries no schema library.
export const AUDIT_ACTIVITY_TYPE_NAMES = Object.keys(AUDIT_ACTIVITY_TYPES) as [
  AuditActivityType,
  ...AuditActivityType[],
];

/** The activity types a product administrator does not see. */
export const CLOUD_ADMINISTRATOR_ONLY_ACTIVITY_TYPES: AuditActivityType[] =
  AUDIT_ACTIVITY_TYPE_NAMES.filter(
    (name) => 'cloudAdministratorsOnly' in AUDIT_ACTIVITY_TYPES[name],
  );
