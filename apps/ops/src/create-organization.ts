import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';

import type { CofferConfig } from '@coffer/config';
import { type Actor, IdentityMessages } from '@coffer/contracts';
import { ServiceClients } from '@coffer/service-kit';

export interface CreatedOrganization {
  orgId: string;
  name: string;
  slug: string;
  administrator: { id: string; email: string; name: string };
  /** The administrator chooses a password from this emailed, single-use link. */
  linkSentTo: string;
}

/** The operator who ran the command, as the audit trail names them. */
export function operatorActor(): Actor {
  return { type: 'system', id: `operator ${userInfo().username}@${hostname()}` };
}

/** A short name from an organisation's name: lower-case letters, digits and dashes. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/**
 * A customer organisation (with its default profile, which profiles makes on its creation event)
 * and its first cloud administrator, who gets a single-use link by email to choose a password:
 * nobody, the operator included, ever sees or types it. An email that already belongs to an
 * administrator is refused before anything is created.
 */
export async function createOrganization(
  config: CofferConfig,
  options: { name: string; adminEmail: string; adminName?: string },
): Promise<CreatedOrganization> {
  const name = options.name.trim();
  const slug = slugOf(name);
  const email = options.adminEmail.trim().toLowerCase();
  if (!name || !slug) throw new Error('--name needs letters or digits');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new Error(`--admin-email ${options.adminEmail} is not an email address`);
  const identity = new ServiceClients(config);
  try {
    const { inUse } = await identity.send(IdentityMessages.administrators.emailInUse, { email });
    if (inUse)
      throw new Error(
        `${email} is already an administrator's email; each administrator has their own`,
      );
    const context = { actor: operatorActor(), correlationId: randomUUID() };
    const organization = await identity.send(IdentityMessages.organizations.create, {
      context,
      name,
      slug,
    });
    const adminName = options.adminName?.trim() || email.split('@')[0];
    const administrator = await identity.send(IdentityMessages.administrators.create, {
      context,
      orgId: organization.id,
      email,
      name: adminName,
      role: 'cloud-administrator',
    });
    await identity.send(IdentityMessages.passwordLinks.requestReset, {
      context,
      orgId: organization.id,
      administratorId: administrator.id,
    });
    return {
      orgId: organization.id,
      name,
      slug,
      administrator: { id: administrator.id, email, name: adminName },
      linkSentTo: email,
    };
  } finally {
    await identity.close();
  }
}
