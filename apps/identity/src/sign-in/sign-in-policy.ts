import { defaultProfileId, type SsoSettingsView } from '@coffer/contracts';

import type { ProfileAccess } from '../profile-access/profile-access';
import type { IdentityReadModel } from '../shared/identity-read-model';
import type { AccessRules } from './capabilities';
import type { PendingFanOuts } from './pending-fan-outs';
import type {
  AccessPolicy,
  AccountFacts,
  SignInDirectory,
  SignInDocument,
  SsoPolicy,
} from './sign-in-directory';

/** More rounds than any real contention; each is a read and a write. */
const STAMP_ATTEMPTS = 5;

/** An organisation's SSO rule as sign-in copies it: what its settings say, at its version. */
export function ssoPolicyOf(organization: {
  settings?: Pick<SsoSettingsView, 'justInTimeProvisioning' | 'enforcement'>;
  administratorMfa?: SsoPolicy['administratorMfa'];
  version: number;
}): SsoPolicy {
  return {
    configured: organization.settings !== undefined,
    justInTimeProvisioning: organization.settings?.justInTimeProvisioning ?? false,
    enforcement: organization.settings?.enforcement ?? 'off',
    ...(organization.administratorMfa ? { administratorMfa: organization.administratorMfa } : {}),
    version: organization.version,
  };
}

function effectiveProfile(account: Pick<AccountFacts, 'orgId' | 'profileId'>): string {
  return account.profileId ?? defaultProfileId(account.orgId);
}

/**
 * The organisation's SSO rule and the profile's access rules as sign-in needs them, from the
 * copies on each account's sign-in document, so a sign-in reads one document instead of three.
 *
 * The copies stay right without transactions by ordering: a change is stored at its source
 * (the organisation or profile-access document) first and pushed to the accounts after; an
 * account's copy is taken only after the account's document exists, from the source read then,
 * and taken again if the write finds a newer copy already there. Either the push finds the
 * account's document, or the account reads the source after the change. A document without a
 * copy (its creation cut short) falls back to reading the source.
 */
export class SignInPolicy {
  constructor(
    private readonly directory: SignInDirectory,
    private readonly readModel: IdentityReadModel,
    private readonly profileAccess: ProfileAccess,
    private readonly pending: PendingFanOuts,
  ) {}

  /**
   * Copies the rules onto a new account's document, or one that moved to another profile: the
   * sources read side by side, one write, and again for a copy a fan-out had made newer.
   */
  async stamp(key: string, account: AccountFacts): Promise<void> {
    let stampSso = true;
    let stampAccess = account.kind === 'user';
    for (let attempt = 0; attempt < STAMP_ATTEMPTS && (stampSso || stampAccess); attempt++) {
      const [sso, access]: [SsoPolicy | undefined, AccessPolicy | undefined] = await Promise.all([
        stampSso ? this.readSso(account.orgId) : undefined,
        stampAccess ? this.profileAccess.policyFor(account.orgId, account.profileId) : undefined,
      ]);
      const replaced = await this.directory.stamp(key, {
        ...(sso ? { sso } : {}),
        ...(access ? { access } : {}),
      });
      stampSso = Boolean(sso && replaced?.sso && replaced.sso.version > sso.version);
      stampAccess = Boolean(
        access &&
        replaced?.access?.profileId === access.profileId &&
        replaced.access.version > access.version,
      );
    }
  }

  async ssoOf(document: SignInDocument | undefined, orgId: string): Promise<SsoPolicy> {
    if (document?.sso) return document.sso;
    return this.readSso(orgId);
  }

  async accessOf(
    document: SignInDocument | undefined,
    account: Pick<AccountFacts, 'orgId' | 'profileId'>,
  ): Promise<AccessRules> {
    const access =
      document?.access?.profileId === effectiveProfile(account)
        ? document.access
        : await this.profileAccess.policyFor(account.orgId, account.profileId);
    return { allowWebRestore: access.allowWebRestore, allowShare: access.allowShare };
  }

  /**
   * After an organisation's SSO settings were stored (`sso` as stored, or read again): to every
   * account of it. Marked pending first, so a crash half-way is finished at the next start.
   */
  async organizationChanged(orgId: string, sso?: SsoPolicy): Promise<void> {
    await this.pending.mark(orgId);
    await this.directory.fanOutSso(orgId, sso ?? (await this.readSso(orgId)));
    await this.pending.clear(orgId);
  }

  /** After a profile's rules were stored (a crash in between: Kafka delivers the event again). */
  profileChanged(orgId: string, access: AccessPolicy): Promise<void> {
    return this.directory.fanOutAccess(orgId, access);
  }

  async resumePending(): Promise<void> {
    for (const orgId of await this.pending.organizations()) await this.organizationChanged(orgId);
  }

  private async readSso(orgId: string): Promise<SsoPolicy> {
    const organization = await this.readModel.organizationSso(orgId);
    return ssoPolicyOf(organization ?? { version: 0 });
  }
}
