import {
  IDENTITY_EVENT_SCHEMA_VERSION,
  type IdentityEventPayloads,
  type OrganizationSsoConfiguredPayload,
  type SsoEnforcement,
} from '@coffer/contracts';
import { assertNever, type Decider } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

export type OrganizationCommand =
  | { type: 'CreateOrganization'; name: string; slug: string }
  | {
      type: 'ConfigureSso';
      settings: OrganizationSsoConfiguredPayload;
      enforcement: SsoEnforcement;
    };

type OrganizationEventType =
  | 'identity.organization.created'
  | 'identity.organization.sso-configured'
  | 'identity.organization.sso-enforcement-changed';

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
        };
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
        ];
      case 'ConfigureSso':
        if (!state.exists)
          throw new ServiceError('organization-not-found', 'This organisation does not exist.');
        return configureSso(command.settings, command.enforcement, state);
      default:
        return assertNever(command);
    }
  },
};

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
