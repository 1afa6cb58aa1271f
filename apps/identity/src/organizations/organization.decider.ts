import { IDENTITY_EVENT_SCHEMA_VERSION, type OrganizationCreatedPayload } from '@coffer/contracts';
import { assertNever, type Decider } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

export type OrganizationCommand = { type: 'CreateOrganization'; name: string; slug: string };

export type OrganizationEvent = {
  type: 'identity.organization.created';
  schemaVersion: number;
  payload: OrganizationCreatedPayload;
};

export type OrganizationState = { exists: false } | { exists: true; name: string; slug: string };

export const organizationDecider: Decider<
  OrganizationCommand,
  OrganizationState,
  OrganizationEvent
> = {
  aggregateType: 'organization',
  initialState: () => ({ exists: false }),
  evolve: (_state, event) => {
    switch (event.type) {
      case 'identity.organization.created':
        return { exists: true, name: event.payload.name, slug: event.payload.slug };
      default:
        return assertNever(event.type);
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
      default:
        return assertNever(command.type);
    }
  },
};
