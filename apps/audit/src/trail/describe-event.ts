import type { AuditTrail, EventEnvelope } from '@coffer/contracts';

import type { AuditEntryDocument } from './audit-entry';
import { describePstExportEvent } from './describe-pst-export-event';
import { describeSessionsRevoked } from './describe-session-event';

export interface KnownPerson {
  email: string;
  name: string;
}

/** What the audit knows of people at the time of an event, by account id (names are not rewritten later). */
export type KnownPeople = ReadonlyMap<string, KnownPerson>;

const ROLE_LABELS: Record<string, string> = {
  'cloud-administrator': 'Cloud Administrator',
  'product-administrator': 'Product Administrator',
};

interface Description {
  activityType: string;
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
  const description = describe(event, people);
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

function describe(event: EventEnvelope, people: KnownPeople): Description | undefined {
  const payload = event.payload as Record<string, string>;
  const target = { type: event.aggregate.type, id: event.aggregate.id };
  switch (event.type) {
    case 'identity.organization.created':
      return {
        activityType: 'organization-management',
        action: 'organization-created',
        target: { ...target, label: payload.name },
        text: (actor) => `${actor} has created the organisation ${payload.name}`,
      };
    case 'identity.organization.sso-configured':
      return {
        activityType: 'sso-settings',
        action: 'sso-configured',
        target,
        text: (actor) => `${actor} has set the SSO identity provider to ${payload.idpEntityId}`,
        details: {
          idpEntityId: payload.idpEntityId,
          idpSsoUrl: payload.idpSsoUrl,
          certificates: (payload.idpCertificates as unknown as string[]).length,
          justInTimeProvisioning: payload.justInTimeProvisioning,
        },
      };
    case 'identity.organization.sso-enforcement-changed':
      return {
        activityType: 'sso-settings',
        action: 'sso-enforcement-changed',
        target,
        text: (actor) =>
          `${actor} has changed SSO enforcement from ${ENFORCEMENT_LABELS[payload.previousEnforcement]} to ${ENFORCEMENT_LABELS[payload.enforcement]}`,
        details: {
          enforcement: payload.enforcement,
          previousEnforcement: payload.previousEnforcement,
        },
      };
    case 'identity.administrator.password-reset-requested': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'administrator-management',
        action: 'password-reset-requested',
        target: { ...target, label: email },
        text: (actor) =>
          payload.requestedBy === 'self'
            ? `${email} has asked for a link to reset their fail-safe password`
            : `${actor} has sent ${email} a link to reset their fail-safe password`,
        details: { requestedBy: payload.requestedBy },
      };
    }
    case 'identity.administrator.created':
      return {
        activityType: 'administrator-management',
        action: 'administrator-created',
        target: { ...target, label: payload.email },
        text: (actor) =>
          `${actor} has created the administrator ${payload.email} (${ROLE_LABELS[payload.role] ?? payload.role})`,
        details: { role: payload.role },
      };
    case 'identity.administrator.fail-safe-password-set':
      return {
        activityType: 'administrator-management',
        action: 'fail-safe-password-set',
        target: { ...target, label: people.get(target.id)?.email },
        text: (actor) =>
          `${actor} has set a fail-safe password for ${people.get(target.id)?.email ?? target.id}`,
        details: { reason: payload.reason },
      };
    case 'identity.administrator.role-changed': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'administrator-management',
        action: 'administrator-role-changed',
        target: { ...target, label: email },
        text: (actor) =>
          `${actor} has changed the role of ${email} to ${ROLE_LABELS[payload.role] ?? payload.role}`,
        details: { role: payload.role, previousRole: payload.previousRole },
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
    case 'identity.administrator.mfa-enrolled': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'administrator-management',
        action: 'mfa-enrolled',
        target: { ...target, label: email },
        text: () => `${email} has set up an authenticator app`,
        details: { method: payload.method },
      };
    }
    case 'identity.administrator.mfa-reset': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'break-glass',
        action: 'mfa-reset',
        target: { ...target, label: email },
        text: (actor) => `${actor} has reset the multi-factor authentication of ${email}`,
      };
    }
    case 'identity.organization.mfa-policy-changed':
      return {
        activityType: 'organization-management',
        action: 'mfa-policy-changed',
        target,
        text: (actor) =>
          (event.payload as { requiredForAdministrators: boolean }).requiredForAdministrators
            ? `${actor} has required multi-factor authentication for administrators`
            : `${actor} has stopped requiring multi-factor authentication for administrators`,
        details: {
          requiredForAdministrators: (event.payload as { requiredForAdministrators: boolean })
            .requiredForAdministrators,
          graceUntil: payload.graceUntil ?? null,
        },
      };
    case 'identity.user.created':
      return {
        activityType: 'user-management',
        action: 'user-created',
        target: { ...target, label: payload.email },
        text: (actor) => `${actor} has created the user ${payload.email}`,
      };
    case 'identity.user.activated':
    case 'identity.user.disabled':
    case 'identity.user.preserved': {
      const verb = event.type.split('.').pop() as string;
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'user-management',
        action: `user-${verb}`,
        target: { ...target, label: email },
        text: (actor) => `${actor} has ${verb} the user ${email}`,
        details: { previousStatus: payload.previousStatus },
      };
    }
    case 'identity.user.profile-assigned': {
      const email = people.get(target.id)?.email ?? target.id;
      return {
        activityType: 'user-management',
        action: 'user-profile-assigned',
        target: { ...target, label: email },
        text: (actor) => `${actor} has moved ${email} to another profile`,
        details: { profileId: payload.profileId, previousProfileId: payload.previousProfileId },
      };
    }
    case 'profiles.profile.created':
      return {
        activityType: 'profile-management',
        action: 'profile-created',
        target: { ...target, label: payload.name },
        text: (actor) => `${actor} has created the profile ${payload.name}`,
      };
    case 'profiles.profile.renamed':
      return {
        activityType: 'profile-management',
        action: 'profile-renamed',
        target: { ...target, label: payload.name },
        text: (actor) =>
          `${actor} has renamed the profile ${payload.previousName} to ${payload.name}`,
      };
    case 'profiles.profile.access-settings-changed': {
      const access = event.payload as unknown as { allowWebRestore: boolean; allowShare: boolean };
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
        target: { ...target, label: payload.name },
        text: (actor) => `${actor} has deleted the profile ${payload.name}`,
      };
    case 'tokens.api-token.created':
      return {
        activityType: 'api-tokens',
        action: 'api-token-created',
        target: { ...target, label: payload.name },
        text: (actor) =>
          `${actor} has created the API token ${payload.name} (expires ${payload.expiresAt})`,
        details: { expiresAt: payload.expiresAt, lastFour: payload.lastFour },
      };
    case 'tokens.api-token.revoked':
      return {
        activityType: 'api-tokens',
        action: 'api-token-revoked',
        target: { ...target, label: payload.name },
        text: (actor) =>
          `${actor} has revoked the API token ${payload.name} of ${payload.ownerEmail}`,
      };
    case 'tokens.api-token.expired':
      return {
        activityType: 'api-tokens',
        action: 'api-token-expired',
        target: { ...target, label: payload.name },
        text: () => `The API token ${payload.name} of ${payload.ownerEmail} has expired`,
      };
    case 'identity.sign-in.succeeded':
      return {
        activityType: 'sign-in',
        action: 'sign-in-succeeded',
        text: () =>
          `${payload.email} has signed in to the ${SURFACE_LABELS[payload.surface]}${payload.method === 'saml' ? ' with SSO' : ''}`,
        details: { surface: payload.surface, method: payload.method },
      };
    case 'identity.sign-in.failed':
      return {
        activityType: 'sign-in',
        action: 'sign-in-failed',
        text: () =>
          `Sign-in to the ${SURFACE_LABELS[payload.surface]} as ${payload.email} failed (${FAILURE_LABELS[payload.reason] ?? payload.reason})`,
        details: {
          surface: payload.surface,
          reason: payload.reason,
          ...(payload.detail ? { detail: payload.detail } : {}),
        },
      };
    case 'identity.sign-in.fail-safe-used':
      return {
        activityType: 'break-glass',
        action: 'fail-safe-sign-in',
        text: () =>
          `${payload.email} has signed in to the ${SURFACE_LABELS[payload.surface]} with the fail-safe password while SSO is enforced`,
        details: { surface: payload.surface, enforcement: payload.enforcement },
      };
    case 'identity.mfa.recovery-code-used':
      return {
        activityType: 'break-glass',
        action: 'recovery-code-used',
        text: () =>
          `${payload.email} has signed in to the ${SURFACE_LABELS[payload.surface]} with a recovery code (${payload.remaining} left)`,
        details: { surface: payload.surface, remaining: payload.remaining },
      };
    case 'identity.account.locked':
      return {
        activityType: 'sign-in',
        action: 'account-locked',
        text: () =>
          `Sign-in to the ${SURFACE_LABELS[payload.surface]} as ${payload.email} is locked until ${payload.until}`,
        details: { surface: payload.surface, until: payload.until, failures: payload.failures },
      };
    case 'identity.sessions.revoked':
      return describeSessionsRevoked(event);
    default:
      return describePstExportEvent(event);
  }
}

const ENFORCEMENT_LABELS: Record<string, string> = {
  off: 'off',
  users: 'users',
  'users-and-administrators': 'users and administrators',
};

const SURFACE_LABELS: Record<string, string> = {
  portal: 'web portal',
  console: 'management console',
};

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
