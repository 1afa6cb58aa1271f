import type { ConfigureSsoRequest, SignInSurface, SsoSettingsView } from '@coffer/contracts';

import { assertCloudAdministrator } from '../shared/cloud-administrator-check';
import type { OrganizationCommands } from '../shared/identity-command-handlers';
import type { IdentityProjector } from '../shared/identity-projector';
import type { IdentityReadModel } from '../shared/identity-read-model';
import type { SignInDirectory } from '../sign-in/sign-in-directory';
import { signInKey } from '../sign-in/sign-in-key';
import type { SignInPolicy } from '../sign-in/sign-in-policy';

/** An organisation's SAML identity provider and who must sign in through it. */
export class SsoSettingsService {
  constructor(
    private readonly organizations: OrganizationCommands,
    private readonly projector: IdentityProjector,
    private readonly readModel: IdentityReadModel,
    private readonly directory: SignInDirectory,
    private readonly policy: SignInPolicy,
  ) {}

  async configure(request: ConfigureSsoRequest): Promise<SsoSettingsView> {
    await assertCloudAdministrator(
      this.readModel,
      request.context,
      request.orgId,
      'Only a cloud administrator can change single sign-on settings.',
    );
    const { context, orgId, enforcement, ...settings } = request;
    const handled = await this.organizations.handle(
      orgId,
      orgId,
      { type: 'ConfigureSso', settings, enforcement },
      context,
      // The settings are set as given, whatever they were.
      { retryOnConflict: true },
    );
    // Nothing changed: a request repeated after a failure still finishes the push.
    if (handled.events.length === 0) await this.projector.pushSso(orgId, handled);
    const { state } = handled;
    if (!state.exists || !state.sso) throw new Error('SSO settings were not stored');
    return { orgId, ...state.sso, enforcement: state.enforcement };
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
    const document = await this.directory.get(signInKey(surface, email));
    const account = document?.account;
    if (!account || !(await this.policy.ssoOf(document, account.orgId)).configured) return null;
    return { orgId: account.orgId };
  }
}
