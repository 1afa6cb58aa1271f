import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  IdentityPatterns,
  SYSTEM_ACTOR,
  type AdministratorView,
  type CreateAdministratorRequest,
  type CreateOrganizationRequest,
  type OrganizationView,
} from '@coffer/contracts';
import { type CofferConfig } from '@coffer/config';
import { retryWithBackoff } from '@coffer/service-kit';

import { ServiceClient } from './service-client';

export const DEMO_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.coffer.test';

export interface DemoSeed {
  orgId: string;
  email: string;
  password: string | null;
  url: string;
  created: boolean;
}

/**
 * Creates the demo organisation and its first cloud administrator through identity's own
 * command handlers, once. The generated password is kept (0600) beside the local
 * infrastructure's data, like a first-run admin password, so a later `npm start` can print it.
 */
export async function seedDemo(config: CofferConfig): Promise<DemoSeed> {
  const identity = new ServiceClient(config, 'identity');
  const credentialsFile = join(config.infraDir, 'demo-administrator.json');
  try {
    const existing = await retryWithBackoff(
      () =>
        identity.send<OrganizationView | null>(IdentityPatterns.findOrganizationBySlug, {
          slug: DEMO_SLUG,
        }),
      {
        what: `identity at ${config.host}:${config.ports.identity}`,
        log: (line) => console.error(line),
        signal: AbortSignal.timeout(60_000),
      },
    );
    if (existing) {
      const saved = existsSync(credentialsFile)
        ? (JSON.parse(readFileSync(credentialsFile, 'utf8')) as { password: string })
        : undefined;
      return {
        orgId: existing.id,
        email: DEMO_ADMIN_EMAIL,
        password: saved?.password ?? null,
        url: config.publicUrl,
        created: false,
      };
    }
    const context = { actor: SYSTEM_ACTOR, correlationId: randomUUID() };
    const organization = await identity.send<OrganizationView>(
      IdentityPatterns.createOrganization,
      {
        context,
        name: 'Demo Organisation',
        slug: DEMO_SLUG,
      } satisfies CreateOrganizationRequest,
    );
    const password = randomBytes(12).toString('base64url');
    await identity.send<AdministratorView>(IdentityPatterns.createAdministrator, {
      context,
      orgId: organization.id,
      email: DEMO_ADMIN_EMAIL,
      name: 'Demo Administrator',
      role: 'cloud-administrator',
      password,
    } satisfies CreateAdministratorRequest);
    mkdirSync(config.infraDir, { recursive: true });
    writeFileSync(credentialsFile, JSON.stringify({ email: DEMO_ADMIN_EMAIL, password }), {
      mode: 0o600,
    });
    return {
      orgId: organization.id,
      email: DEMO_ADMIN_EMAIL,
      password,
      url: config.publicUrl,
      created: true,
    };
  } finally {
    await identity.close();
  }
}
