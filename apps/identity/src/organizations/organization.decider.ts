import {
  IDENTITY_EVENT_SCHEMA_VERSION,
  type IdentityEventPayloads,
  type OrganizationMfaPolicyChangedPayload,
  type OrganizationSsoConfiguredPayload,
  type SsoEnforcement,
} from '@coffer/contracts';
import { assertNever, type Decider } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

import { type MfaPolicyChange, nextMfaPolicy, NO_MFA_POLICY } from './mfa-policy-change';

export type OrganizationCommand =
  | {
      type: 'CreateOrganization';
      name: string;
      slug: string;
      administratorMfa: OrganizationMfaPolicyChangedPayload;
    }
  | { type: 'SetMfaPolicy'; change: MfaPolicyChange }
  | {
      type: 'ConfigureSso';
      settings: OrganizationSsoConfiguredPayload;
      enforcement: SsoEnforcement;
    };

type OrganizationEventType =
  | 'identity.organization.created'
  | 'identity.organization.sso-configured'
  | 'identity.organization.sso-enforcement-changed'
  | 'identity.organization.mfa-policy-changed';

export type OrganizationEvent = {
  [Type in OrganizationEventType]: {
    type: Type;
    schemaVersion: number;
    payload: IdentityEventPayloads[Type];
  };
}[OrganizationEventType];

export type OrganizationState =
  | { exists: false }
  | {
      exists: true;
      name: string;
      slug: string;
      sso: OrganizationSsoConfiguredPayload | null;
      enforcement: SsoEnforcement;
      /**
       * The MFA policy, for administrators and end users alike (the name is older than the
       * end-user rule); organisations created before the policy existed have it off.
       */
      administratorMfa: OrganizationMfaPolicyChangedPayload;
    };

export const organizationDecider: Decider<
  OrganizationCommand,
  OrganizationState,
  OrganizationEvent
> = {
  aggregateType: 'organization',
  initialState: () => ({ exists: false }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'identity.organization.created':
        return {
          exists: true,
          name: event.payload.name,
          slug: event.payload.slug,
          sso: null,
          enforcement: 'off',
          administratorMfa: NO_MFA_POLICY,
        };
      case 'identity.organization.mfa-policy-changed':
        return state.exists ? { ...state, administratorMfa: event.payload } : state;
      case 'identity.organization.sso-configured':
        return state.exists ? { ...state, sso: event.payload } : state;
      case 'identity.organization.sso-enforcement-changed':
        return state.exists ? { ...state, enforcement: event.payload.enforcement } : state;
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'CreateOrganization':
        if (state.exists)
          throw new ServiceError('organization-exists', 'This organisation already exists.');
        return [
          {
            type: 'identity.organization.created',
            schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
            payload: { name: command.name, slug: command.slug },
          },
          ...(command.administratorMfa.requiredForAdministrators
            ? [mfaPolicyChanged(command.administratorMfa)]
            : []),
        ];
      case 'SetMfaPolicy':
        if (!state.exists)
          throw new ServiceError('organization-not-found', 'This organisation does not exist.');
        {
          // Setting the rules it already has records nothing (see nextMfaPolicy).
          const next = nextMfaPolicy(state.administratorMfa, command.change);
          return next ? [mfaPolicyChanged(next)] : [];
        }
      case 'ConfigureSso':
        if (!state.exists)
          throw new ServiceError('organization-not-found', 'This organisation does not exist.');
        return configureSso(command.settings, command.enforcement, state);
      default:
        return assertNever(command);
    }
  },
};

function mfaPolicyChanged(payload: OrganizationMfaPolicyChangedPayload): OrganizationEvent {
  return {
    type: 'identity.organization.mfa-policy-changed',
    schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
    payload,
  };
}

/** Only what changed is recorded: saving the same settings twice appends nothing. */
function configureSso(
  settings: OrganizationSsoConfiguredPayload,
  enforcement: SsoEnforcement,
  state: Extract<OrganizationState, { exists: true }>,
): OrganizationEvent[] {
  const events: OrganizationEvent[] = [];
  if (!state.sso || !sameSettings(state.sso, settings)) {
    events.push({
      type: 'identity.organization.sso-configured',
      schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
      payload: settings,
    });
  }
  if (enforcement !== state.enforcement) {
    events.push({
      type: 'identity.organization.sso-enforcement-changed',
      schemaVersion: IDENTITY_EVENT_SCHEMA_VERSION,
      payload: { enforcement, previousEnforcement: state.enforcement },
    });
  }
  return events;
}

function sameSettings(
  a: OrganizationSsoConfiguredPayload,
  b: OrganizationSsoConfiguredPayload,
): boolean {
  return (
    a.idpEntityId === b.idpEntityId &&
    a.idpSsoUrl === b.idpSsoUrl &&
    a.idpCertificates.join('\n') === b.idpCertificates.join('\n') &&
    a.emailAttribute === b.emailAttribute &&
    a.nameAttribute === b.nameAttribute &&
    a.justInTimeProvisioning === b.justInTimeProvisioning
  );
}
