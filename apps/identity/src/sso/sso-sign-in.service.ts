import type { SamlFailureRequest, SignInResponse, SsoSignInRequest } from '@coffer/contracts';

import type { IdentityReadModel } from '../shared/identity-read-model';
import type { SignInAccount, SignInService } from '../sign-in/sign-in.service';
import { SignInErrors } from '../sign-in/sign-in-errors';
import { type SignInPolicy, ssoPolicyOf } from '../sign-in/sign-in-policy';
import type { UsersService } from '../users/users.service';
import type { AcceptedAssertions } from './accepted-assertions';

/**
 * The identity half of a SAML sign-in: the gateway has validated the response (signature,
 * audience, destination, times, InResponseTo); here each assertion is accepted once, the
 * account must exist in that organisation, and the same rules as a password sign-in apply.
 */
export class SsoSignInService {
  constructor(
    private readonly signIn: SignInService,
    private readonly readModel: IdentityReadModel,
    private readonly policy: SignInPolicy,
    private readonly assertions: AcceptedAssertions,
    private readonly users: UsersService,
  ) {}

  async signInWithAssertion(request: SsoSignInRequest): Promise<SignInResponse> {
    const found = await this.signIn.findAccount(request.surface, request.email);
    // An account of another organisation is as unknown here as one that does not exist.
    let account: SignInAccount | undefined = found?.orgId === request.orgId ? found : undefined;
    // The account's document carries its organisation's SSO rule; an unknown one reads it.
    const sso = account
      ? await this.policy.ssoOf(account.document, request.orgId)
      : ssoPolicyOf((await this.readModel.organizationSso(request.orgId)) ?? { version: 0 });
    if (!sso.configured) {
      await this.signIn.recordFailure(
        request,
        'saml-invalid',
        { orgId: request.orgId },
        'sso not configured',
      );
      throw SignInErrors.samlInvalid();
    }
    const fresh = await this.assertions.acceptOnce(
      request.orgId,
      request.assertionId,
      new Date(request.assertionExpiresAt),
    );
    if (!fresh) {
      await this.signIn.recordFailure(
        request,
        'saml-invalid',
        { orgId: request.orgId },
        'assertion already used',
      );
      throw SignInErrors.samlInvalid();
    }
    if (!account && request.surface === 'portal' && sso.justInTimeProvisioning) {
      account = await this.provision(request);
    }
    if (!account) {
      await this.signIn.recordFailure(request, 'bad-credentials', { orgId: request.orgId });
      throw SignInErrors.invalidCredentials();
    }
    return this.signIn.admit(account, request, 'saml');
  }

  recordFailure(request: SamlFailureRequest): Promise<void> {
    return this.signIn.recordFailure(
      { ...request, email: request.email ?? '' },
      'saml-invalid',
      { orgId: request.orgId },
      request.detail,
    );
  }

  /** Just-in-time provisioning: the IdP vouches for an end user we have not seen yet. */
  private async provision(request: SsoSignInRequest): Promise<SignInAccount> {
    const user = await this.users.create(
      {
        context: {
          actor: { type: 'system', ...request.client },
          correlationId: request.correlationId,
        },
        orgId: request.orgId,
        email: request.email,
        name: request.name?.trim() || request.email,
      },
      { invite: false },
    );
    return {
      kind: 'user',
      id: user.id,
      orgId: user.orgId,
      status: user.status,
      profileId: user.profileId,
    };
  }
}
