import {
  type AuditActivityType,
  type AuditTrail,
  type CofferEvent,
  type EventEnvelope,
  isCofferEvent,
} from '@coffer/contracts';
import { assertNever } from '@coffer/event-sourcing';

import type { AuditEntryDocument } from './audit-entry';
import { describeMfaEvent } from './describe-mfa-event';
import { describePasskeyEvent } from './describe-passkey-event';
import { describePstExportEvent } from './describe-pst-export-event';
import { describeSessionsRevoked } from './describe-session-event';
import { describeSsoTest } from './describe-sso-test-event';

export interface KnownPerson {
  email: string;
  name: string;
}

/** What the audit knows of people at the time of an event, by account id (names are not rewritten later). */
export type KnownPeople = ReadonlyMap<string, KnownPerson>;

const SIGN_IN_METHOD_LABELS: Record<string, string> = {
  password: '',
  saml: ' with SSO',
  passkey: ' with a passkey',
};

const ROLE_LABELS: Record<string, string> = {
  'cloud-administrator': 'Cloud Administrator',
  'product-administrator': 'Product Administrator',
};

interface Description {
  activityType: AuditActivityType;
  action: string;
  target?: AuditEntryDocument['target'];
  text: (actor: string) => string;
  details?: Record<string, unknown>;
}

/**
 * Turns one domain event into the entry a person reads in the audit trail, or undefined for
 * events that are not audited. Pure: the projection supplies who is who.
 */
export function describeEvent(
  event: EventEnvelope,
  people: KnownPeople,
): AuditEntryDocument | undefined {
  // A type no service publishes is not audited (nor is a payload of it read).
  const description = isCofferEvent(event) ? describe(event, people) : undefined;
  if (!description) return undefined;
  const known = event.actor.id ? people.get(event.actor.id) : undefined;
  const actorEmail = event.actor.email ?? known?.email;
  const actorLabel =
    actorEmail ?? (event.actor.type === 'system' ? 'System' : (event.actor.id ?? 'unknown'));
  return {
    _id: event.id,
    orgId: event.orgId,
    occurredAt: new Date(event.occurredAt),
    trail: trailOf(event.actor.type),
    activityType: description.activityType,
    action: description.action,
    actor: {
      ...event.actor,
      ...(actorEmail ? { email: actorEmail } : {}),
      ...(known ? { name: known.name } : {}),
    },
    ...(description.target ? { target: description.target } : {}),
    description: description.text(actorLabel),
    details: description.details ?? {},
  };
}

function trailOf(actorType: EventEnvelope['actor']['type']): AuditTrail {
  if (actorType === 'administrator' || actorType === 'api-token') return 'admin';
  if (actorType === 'user') return 'user';
  return 'system';
}

function describe(event: CofferEvent, people: KnownPeople): Description | undefined {
  const target = { type: event.aggregate.type, id: event.aggregate.id };
  switch (event.type) {
    case 'identity.organization.created':
      return {
        activityType: 'organization-management',
        action: 'organization-created',
        target: { ...target, label: event.payload.name },
        text: (actor) => `${actor} has created the organisation ${event.payload.name}`,
      };
    case 'identity.organization.sso-configured':
      return {
        activityType: 'sso-settings',
        action: 'sso-configured',
        target,
        text: (actor) =>
          `${actor} has set the SSO identity provider to ${event.payload.idpEntityId}`,
        details: {
          idpEntityId: event.payload.idpEntityId,
          idpSsoUrl: event.payload.idpSsoUrl,
          certificates: event.payload.idpCertificates.length,
          justInTimeProvisioning: event.payload.justInTimeProvisioning,
        },
      };
    case 'identity.organization.sso-enforcement-changed':
      return {
        activityType: 'sso-settings',
        action: 'sso-enforcement-changed',
        target,
        text: (actor) =>
          `${actor} has changed SSO enforcement from ${ENFORCEMENT_LABELS[event.payload.previousEnforcement]} to ${ENFORCEMENT_LABELS[event.payload.enforcement]}`,
        details: {
          enforcement: event.payload.enforcement,
          previousEnforcement: event.payload.previousEnforcement,
        },
      };
    case 'identity.administrator.password-reset-requested': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'administrator-management',
        action: 'password-reset-requested',
        target: { ...target, label: email },
        text: (actor) =>
          event.payload.requestedBy === 'self'
            ? `${email} has asked for a link to reset their fail-safe password`
            : `${actor} has sent ${email} a link to reset their fail-safe password`,
        details: { requestedBy: event.payload.requestedBy },
      };
    }
    case 'identity.administrator.created':
      return {
        activityType: 'administrator-management',
        action: 'administrator-created',
        target: { ...target, label: event.payload.email },
        text: (actor) =>
          `${actor} has created the administrator ${event.payload.email} (${ROLE_LABELS[event.payload.role] ?? event.payload.role})`,
        details: { role: event.payload.role },
      };
    case 'identity.administrator.fail-safe-password-set':
      return {
        activityType: 'administrator-management',
        action: 'fail-safe-password-set',
        target: { ...target, label: people.get(target.id)?.email },
        text: (actor) =>
          `${actor} has set a fail-safe password for ${people.get(target.id)?.email ?? target.id}`,
        details: { reason: event.payload.reason },
      };
    case 'identity.administrator.role-changed': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'administrator-management',
        action: 'administrator-role-changed',
        target: { ...target, label: email },
        text: (actor) =>
          `${actor} has changed the role of ${email} to ${ROLE_LABELS[event.payload.role] ?? event.payload.role}`,
        details: { role: event.payload.role, previousRole: event.payload.previousRole },
      };
    }
    case 'identity.administrator.disabled': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'administrator-management',
        action: 'administrator-disabled',
        target: { ...target, label: email },
        text: (actor) => `${actor} has disabled the administrator ${email}`,
      };
    }
    case 'identity.administrator.enabled': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'administrator-management',
        action: 'administrator-enabled',
        target: { ...target, label: email },
        text: (actor) => `${actor} has enabled the administrator ${email}`,
      };
    }
    case 'identity.administrator.invited': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'administrator-management',
        action: 'administrator-invited',
        target: { ...target, label: email },
        text: (actor) => `${actor} has sent ${email} a link to choose their fail-safe password`,
      };
    }
    case 'identity.administrator.mfa-enrolled':
    case 'identity.administrator.mfa-reset':
    case 'identity.administrator.recovery-codes-regenerated':
      return describeMfaEvent(event, people.get(target.id)?.email ?? target.id);
    case 'identity.administrator.passkey-registered':
    case 'identity.administrator.passkey-removed':
      return describePasskeyEvent(event, people.get(target.id)?.email ?? target.id);
    case 'identity.organization.mfa-policy-changed': {
      const requiredFor = [
        ...(event.payload.requiredForAdministrators ? ['administrators'] : []),
        ...(event.payload.requiredForUsers ? ['end users'] : []),
      ];
      return {
        activityType: 'organization-management',
        action: 'mfa-policy-changed',
        target,
        text: (actor) =>
          requiredFor.length > 0
            ? `${actor} has required multi-factor authentication for ${requiredFor.join(' and ')}`
            : `${actor} has stopped requiring multi-factor authentication`,
        details: {
          requiredForAdministrators: event.payload.requiredForAdministrators,
          graceUntil: event.payload.graceUntil ?? null,
          requiredForUsers: event.payload.requiredForUsers ?? false,
          usersGraceUntil: event.payload.usersGraceUntil ?? null,
        },
      };
    }
    case 'identity.user.created':
      return {
        activityType: 'user-management',
        action: 'user-created',
        target: { ...target, label: event.payload.email },
        text: (actor) => `${actor} has created the user ${event.payload.email}`,
      };
    case 'identity.user.activated':
    case 'identity.user.disabled':
    case 'identity.user.preserved': {
      const verb = USER_STATUS_VERBS[event.type];
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'user-management',
        action: `user-${verb}`,
        target: { ...target, label: email },
        text: (actor) => `${actor} has ${verb} the user ${email}`,
        details: { previousStatus: event.payload.previousStatus },
      };
    }
    case 'identity.user.profile-assigned': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'user-management',
        action: 'user-profile-assigned',
        target: { ...target, label: email },
        text: (actor) => `${actor} has moved ${email} to another profile`,
        details: {
          profileId: event.payload.profileId,
          previousProfileId: event.payload.previousProfileId,
        },
      };
    }
    case 'identity.user.mfa-enrolled':
    case 'identity.user.mfa-reset':
    case 'identity.user.recovery-codes-regenerated':
      return describeMfaEvent(event, people.get(target.id)?.email ?? target.id);
    case 'identity.user.invitation-resent': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'user-management',
        action: 'user-invitation-resent',
        target: { ...target, label: email },
        text: (actor) => `${actor} has sent ${email} a new link to choose their password`,
      };
    }
    case 'profiles.profile.created':
      return {
        activityType: 'profile-management',
        action: 'profile-created',
        target: { ...target, label: event.payload.name },
        text: (actor) => `${actor} has created the profile ${event.payload.name}`,
      };
    case 'profiles.profile.renamed':
      return {
        activityType: 'profile-management',
        action: 'profile-renamed',
        target: { ...target, label: event.payload.name },
        text: (actor) =>
          `${actor} has renamed the profile ${event.payload.previousName} to ${event.payload.name}`,
      };
    case 'profiles.profile.access-settings-changed': {
      const access = event.payload;
      const onOff = (value: boolean) => (value ? 'on' : 'off');
      return {
        activityType: 'profile-management',
        action: 'profile-access-changed',
        target,
        text: (actor) =>
          `${actor} has set web restore ${onOff(access.allowWebRestore)} and share ${onOff(access.allowShare)} in a profile`,
        details: { allowWebRestore: access.allowWebRestore, allowShare: access.allowShare },
      };
    }
    case 'profiles.profile.deleted':
      return {
        activityType: 'profile-management',
        action: 'profile-deleted',
        target: { ...target, label: event.payload.name },
        text: (actor) => `${actor} has deleted the profile ${event.payload.name}`,
      };
    case 'tokens.api-token.created':
      return {
        activityType: 'api-tokens',
        action: 'api-token-created',
        target: { ...target, label: event.payload.name },
        text: (actor) =>
          `${actor} has created the API token ${event.payload.name} (expires ${event.payload.expiresAt})`,
        details: { expiresAt: event.payload.expiresAt, lastFour: event.payload.lastFour },
      };
    case 'tokens.api-token.revoked':
      return {
        activityType: 'api-tokens',
        action: 'api-token-revoked',
        target: { ...target, label: event.payload.name },
        text: (actor) =>
          `${actor} has revoked the API token ${event.payload.name} of ${event.payload.ownerEmail}`,
      };
    case 'tokens.api-token.expired':
      return {
        activityType: 'api-tokens',
        action: 'api-token-expired',
        target: { ...target, label: event.payload.name },
        text: () =>
          `The API token ${event.payload.name} of ${event.payload.ownerEmail} has expired`,
      };
    case 'identity.sign-in.succeeded':
      return {
        activityType: 'sign-in',
        action: 'sign-in-succeeded',
        text: () =>
          `${event.payload.email} has signed in to the ${placeOf(event.payload)}${SIGN_IN_METHOD_LABELS[event.payload.method]}`,
        details: {
          surface: event.payload.surface,
          ...viaDetail(event.payload),
          method: event.payload.method,
        },
      };
    case 'identity.sign-in.failed':
      return {
        activityType: 'sign-in',
        action: 'sign-in-failed',
        text: () =>
          `Sign-in to the ${placeOf(event.payload)} as ${event.payload.email} failed (${FAILURE_LABELS[event.payload.reason] ?? event.payload.reason})`,
        details: {
          surface: event.payload.surface,
          ...viaDetail(event.payload),
          reason: event.payload.reason,
          ...(event.payload.detail ? { detail: event.payload.detail } : {}),
        },
      };
    case 'identity.sign-in.fail-safe-used':
      return {
        activityType: 'break-glass',
        action: 'fail-safe-sign-in',
        text: () =>
          `${event.payload.email} has signed in to the ${placeOf(event.payload)} with ${event.payload.method === 'passkey' ? 'a passkey' : 'the fail-safe password'} while SSO is enforced`,
        details: {
          surface: event.payload.surface,
          ...viaDetail(event.payload),
          enforcement: event.payload.enforcement,
          method: event.payload.method ?? 'password',
        },
      };
    case 'identity.mfa.recovery-code-used':
      return {
        activityType: 'break-glass',
        action: 'recovery-code-used',
        text: () =>
          `${event.payload.email} has signed in to the ${placeOf(event.payload)} with a recovery code (${event.payload.remaining} left)`,
        details: {
          surface: event.payload.surface,
          ...viaDetail(event.payload),
          remaining: event.payload.remaining,
        },
      };
    case 'identity.account.locked':
      return {
        activityType: 'sign-in',
        action: 'account-locked',
        text: () =>
          `Sign-in to the ${placeOf(event.payload)} as ${event.payload.email} is locked until ${event.payload.until}`,
        details: {
          surface: event.payload.surface,
          ...viaDetail(event.payload),
          until: event.payload.until,
          failures: event.payload.failures,
        },
      };
    case 'identity.sessions.revoked':
      return describeSessionsRevoked(event);
    case 'identity.sso.tested':
      return describeSsoTest(event);
    case 'mailbox.backup-imported':
    case 'mailbox.import-started':
    case 'mailbox.import-failed':
    case 'pst-export.requested':
    case 'pst-export.started':
    case 'pst-export.completed':
    case 'pst-export.failed':
    case 'pst-export.link-sent':
    case 'pst-export.downloaded':
    case 'pst-export.download-denied':
    case 'pst-export.expired':
      return describePstExportEvent(event);
    default:
      return assertNever(event);
  }
}

const USER_STATUS_VERBS = {
  'identity.user.activated': 'activated',
  'identity.user.disabled': 'disabled',
  'identity.user.preserved': 'preserved',
} as const;

const ENFORCEMENT_LABELS: Record<string, string> = {
  off: 'off',
  users: 'users',
  'users-and-administrators': 'users and administrators',
};

const SURFACE_LABELS: Record<string, string> = {
  portal: 'web portal',
  console: 'management console',
};

/** Where an attempt was made: its surface, or the page it was made on (`via`). */
function placeOf(payload: { surface: string; via?: string }): string {
  if (payload.via === 'pst-download') return 'PST download page';
  return SURFACE_LABELS[payload.surface] ?? payload.surface;
}

/** `via` among an entry's details, when the attempt was not at the surface's own sign-in. */
function viaDetail(payload: { via?: string }): { via?: string } {
  return payload.via ? { via: payload.via } : {};
}

const FAILURE_LABELS: Record<string, string> = {
  'bad-credentials': 'wrong email or password',
  'user-disabled': 'account disabled',
  'user-preserved': 'account preserved',
  'web-access-disabled': 'web restore and share disabled',
  'sso-required': 'single sign-on required',
  'locked-out': 'too many failed attempts',
  'saml-invalid': 'invalid SAML response',
  'invalid-otp': 'wrong authenticator or recovery code',
};
