import {
  IDENTITY_EVENT_SCHEMA_VERSION,
  type IdentityEventPayloads,
  type OrganizationMfaPolicyChangedPayload,
  type OrganizationSsoConfiguredPayload,
  type SsoEnforcement,
} from '@coffer/contracts';
import { assertNever, type Decider } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

export type OrganizationCommand =
  | {
      type: 'CreateOrganization';
      name: string;
      slug: string;
      administratorMfa: OrganizationMfaPolicyChangedPayload;
    }
  | {
      type: 'SetMfaPolicy';
      policy: OrganizationMfaPolicyChangedPayload;
      /** A grace period was chosen (Settings → Security): it replaces the one running. */
      newGrace?: boolean;
    }
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
      /** Organisations created before the policy existed have it off. */
      administratorMfa: OrganizationMfaPolicyChangedPayload;
    };

const NO_MFA_POLICY: OrganizationMfaPolicyChangedPayload = {
  requiredForAdministrators: false,
  graceUntil: null,
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
        // Setting the rule it already has records nothing and keeps the grace it had, unless a
        // new grace period was chosen for it.
        if (
          state.administratorMfa.requiredForAdministrators ===
            command.policy.requiredForAdministrators &&
          (!command.newGrace ||
            !command.policy.requiredForAdministrators ||
            state.administratorMfa.graceUntil === command.policy.graceUntil)
        )
          return [];
        return [mfaPolicyChanged(command.policy)];
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
