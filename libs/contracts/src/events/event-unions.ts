import type { EventEnvelope } from '../envelope';
import type { AuthEventPayloads } from './auth-events';
import type { IdentityEvent, IdentityEventPayloads } from './identity-events';
import type { ProfilesEventPayloads } from './profiles-events';
import type { PstExportEventPayloads } from './pst-export-events';
import type { SessionEventPayloads } from './session-events';
import type { SsoTestEventPayloads } from './sso-test-events';
import type { TokensEventPayloads } from './tokens-events';

/** Every event of a payload map as a union of envelopes, so a `switch` on `type` narrows `payload`. */
export type EventUnion<Payloads> = {
  [Type in keyof Payloads & string]: EventEnvelope<Type, Payloads[Type]>;
}[keyof Payloads & string];

export type AuthEvent = EventUnion<AuthEventPayloads>;
/** Sessions ended by someone (on the `identity.auth` topic too). */
export type SessionEvent = EventUnion<SessionEventPayloads>;
/** Settings → SSO → Test sign-in results (on the `identity.auth` topic too). */
export type SsoTestEvent = EventUnion<SsoTestEventPayloads>;
export type ProfilesEvent = EventUnion<ProfilesEventPayloads>;
export type TokensEvent = EventUnion<TokensEventPayloads>;
export type PstExportEvent = EventUnion<PstExportEventPayloads>;

/** Any event a Coffer service publishes. */
export type CofferEvent =
  | IdentityEvent
  | AuthEvent
  | SessionEvent
  | SsoTestEvent
  | ProfilesEvent
  | TokensEvent
  | PstExportEvent;

type EventTypesOf<Payloads> = Record<keyof Payloads & string, true>;

/*
 * Every event type, listed at run time: a type added to a payload map and not here does not
 * compile (`satisfies`), so a consumer can never mistake a new event for an unknown one.
 */
const IDENTITY_EVENT_TYPES = {
  'identity.organization.created': true,
  'identity.organization.sso-configured': true,
  'identity.organization.sso-enforcement-changed': true,
  'identity.organization.mfa-policy-changed': true,
  'identity.administrator.created': true,
  'identity.administrator.password-reset-requested': true,
  'identity.administrator.fail-safe-password-set': true,
  'identity.administrator.role-changed': true,
  'identity.administrator.disabled': true,
  'identity.administrator.enabled': true,
  'identity.administrator.invited': true,
  'identity.administrator.mfa-enrolled': true,
  'identity.administrator.mfa-reset': true,
  'identity.administrator.recovery-codes-regenerated': true,
  'identity.administrator.passkey-registered': true,
  'identity.administrator.passkey-removed': true,
  'identity.user.created': true,
  'identity.user.activated': true,
  'identity.user.disabled': true,
  'identity.user.preserved': true,
  'identity.user.profile-assigned': true,
  'identity.user.invitation-resent': true,
  'identity.user.mfa-enrolled': true,
  'identity.user.mfa-reset': true,
  'identity.user.recovery-codes-regenerated': true,
} satisfies EventTypesOf<IdentityEventPayloads>;

const AUTH_EVENT_TYPES = {
  'identity.sign-in.succeeded': true,
  'identity.sign-in.failed': true,
  'identity.sign-in.fail-safe-used': true,
  'identity.mfa.recovery-code-used': true,
  'identity.account.locked': true,
} satisfies EventTypesOf<AuthEventPayloads>;

const SESSION_EVENT_TYPES = {
  'identity.sessions.revoked': true,
} satisfies EventTypesOf<SessionEventPayloads>;

const SSO_TEST_EVENT_TYPES = {
  'identity.sso.tested': true,
} satisfies EventTypesOf<SsoTestEventPayloads>;

const PROFILES_EVENT_TYPES = {
  'profiles.profile.created': true,
  'profiles.profile.renamed': true,
  'profiles.profile.access-settings-changed': true,
  'profiles.profile.deleted': true,
} satisfies EventTypesOf<ProfilesEventPayloads>;

const TOKENS_EVENT_TYPES = {
  'tokens.api-token.created': true,
  'tokens.api-token.revoked': true,
  'tokens.api-token.expired': true,
} satisfies EventTypesOf<TokensEventPayloads>;

const PST_EXPORT_EVENT_TYPES = {
  'mailbox.backup-imported': true,
  'mailbox.import-started': true,
  'mailbox.import-failed': true,
  'pst-export.requested': true,
  'pst-export.started': true,
  'pst-export.completed': true,
  'pst-export.failed': true,
  'pst-export.link-sent': true,
  'pst-export.downloaded': true,
  'pst-export.download-denied': true,
  'pst-export.expired': true,
} satisfies EventTypesOf<PstExportEventPayloads>;

/**
 * A guard that takes an envelope (read off a topic or an event store) for the event it is. The
 * envelope's shape was checked when it was read (`eventEnvelopeSchema`), and a payload is the one
 * its producer's decider built for that type (upcast to the current schema version on reading):
 * this is the one place a payload's type is taken on trust, by its `type`.
 */
function guardOf<Event extends EventEnvelope>(types: Record<Event['type'], true>) {
  return (envelope: EventEnvelope): envelope is Event => Object.hasOwn(types, envelope.type);
}

export const isIdentityEvent = guardOf<IdentityEvent>(IDENTITY_EVENT_TYPES);
export const isAuthEvent = guardOf<AuthEvent>(AUTH_EVENT_TYPES);
export const isSessionEvent = guardOf<SessionEvent>(SESSION_EVENT_TYPES);
export const isSsoTestEvent = guardOf<SsoTestEvent>(SSO_TEST_EVENT_TYPES);
export const isProfilesEvent = guardOf<ProfilesEvent>(PROFILES_EVENT_TYPES);
export const isTokensEvent = guardOf<TokensEvent>(TOKENS_EVENT_TYPES);
export const isPstExportEvent = guardOf<PstExportEvent>(PST_EXPORT_EVENT_TYPES);
export const isCofferEvent = guardOf<CofferEvent>({
  ...IDENTITY_EVENT_TYPES,
  ...AUTH_EVENT_TYPES,
  ...SESSION_EVENT_TYPES,
  ...SSO_TEST_EVENT_TYPES,
  ...PROFILES_EVENT_TYPES,
  ...TOKENS_EVENT_TYPES,
  ...PST_EXPORT_EVENT_TYPES,
});
