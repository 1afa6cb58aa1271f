import type { ConfigureSsoRequest, SignInSurface, SsoSettingsView } from '@coffer/contracts';
import type { AggregateRepository } from '@coffer/event-sourcing';

import { assertCloudAdministrator } from '../shared/cloud-administrator-check';
import { normalizeEmail, type IdentityReadModel } from '../shared/identity-read-model';
import type {
  OrganizationCommand,
  OrganizationEvent,
  OrganizationState,
} from '../organizations/organization.decider';

/** An organisation's SAML identity provider and who must sign in through it. */
export class SsoSettingsService {
  constructor(
    private readonly organizations: AggregateRepository<
      OrganizationCommand,
      OrganizationState,
      OrganizationEvent
    >,
    private readonly readModel: IdentityReadModel,
    private readonly onAppended: () => void,
  ) {}

  async configure(request: ConfigureSsoRequest): Promise<SsoSettingsView> {
    await assertCloudAdministrator(
      this.readModel,
      request.context,
      request.orgId,
      'Only a cloud administrator can change single sign-on settings.',
    );
    const { context, orgId, enforcement, ...settings } = request;
    const { events } = await this.organizations.handle(
      orgId,
      orgId,
      { type: 'ConfigureSso', settings, enforcement },
      context,
    );
    for (const event of events) await this.readModel.apply(event);
    if (events.length > 0) this.onAppended();
    return (await this.readModel.ssoSettings(orgId))!;
  }

  async get(orgId: string): Promise<SsoSettingsView | null> {
    return (await this.readModel.ssoSettings(orgId)) ?? null;
  }

  /**
   * The organisation whose SSO an email signs in with on a surface: the account's own
   * organisation, when it has SSO set up. Null for unknown emails and organisations without SSO alike.
   */
  async organizationForEmail(
    email: string,
    surface: SignInSurface,
  ): Promise<{ orgId: string } | null> {
    const normalized = normalizeEmail(email);
    const account =
      surface === 'portal'
        ? await this.readModel.userByEmail(normalized)
        : await this.readModel.administratorByEmail(normalized);
    if (!account || !(await this.readModel.ssoSettings(account.orgId))) return null;
    return { orgId: account.orgId };
  }
}
