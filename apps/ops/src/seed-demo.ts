import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type CofferConfig } from '@coffer/config';
import { IdentityMessages, SYSTEM_ACTOR } from '@coffer/contracts';
import { retryWithBackoff, ServiceClients } from '@coffer/service-kit';

import { writeDemoMailbox } from './demo-mailbox';
import { importMailbox } from './import-mailbox';

export const DEMO_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.coffer.test';
export const DEMO_USER = { name: 'Alex Morgan', address: 'alex@demo.coffer.test' };

export interface DemoSeed {
  orgId: string;
  email: string;
  password: string | null;
  /** The end user whose Gmail backup is ready to export, and their web-portal password. */
  user: { email: string; password: string | null; messages: number };
  url: string;
  created: boolean;
}

/**
 * Creates the demo organisation, its first cloud administrator and an end user with an imported
 * Gmail backup, through the services' own command handlers. Every step runs at most once: a
 * second seeding finds what the first made and adds nothing. Generated passwords are kept
 * (0600) beside the local infrastructure's data, like a first-run admin password, so a later
 * `npm start` can print them again.
 */
export async function seedDemo(config: CofferConfig): Promise<DemoSeed> {
  const identity = new ServiceClients(config);
  const adminFile = join(config.infraDir, 'demo-administrator.json');
  const userFile = join(config.infraDir, 'demo-user.json');
  const context = { actor: SYSTEM_ACTOR, correlationId: randomUUID() };
  mkdirSync(config.infraDir, { recursive: true });
  try {
    const existing = await retryWithBackoff(
      () => identity.send(IdentityMessages.organizations.findBySlug, { slug: DEMO_SLUG }),
      {
        what: `identity at ${config.host}:${config.ports.identity}`,
        log: (line) => console.error(line),
        signal: AbortSignal.timeout(60_000),
      },
    );
    const organization =
      existing ??
      (await identity.send(IdentityMessages.organizations.create, {
        context,
        name: 'Demo Organisation',
        slug: DEMO_SLUG,
        // So the seeds can be clicked without a phone.
        administratorMfaRequired: false,
      }));
    if (!existing) {
      const password = randomBytes(12).toString('base64url');
      await identity.send(IdentityMessages.administrators.create, {
        context,
        orgId: organization.id,
        email: DEMO_ADMIN_EMAIL,
        name: 'Demo Administrator',
        role: 'cloud-administrator',
        password,
      });
      saveSecret(adminFile, { email: DEMO_ADMIN_EMAIL, password });
    }
    const user = await seedDemoUser(config, identity, organization.id, userFile);
    return {
      orgId: organization.id,
      email: DEMO_ADMIN_EMAIL,
      password: readSecret(adminFile)?.password ?? null,
      user,
      url: config.publicUrl,
      created: !existing,
    };
  } finally {
    await identity.close();
  }
}

/** The demo end user, once, and their Gmail backup, imported once (recorded beside it). */
async function seedDemoUser(
  config: CofferConfig,
  identity: ServiceClients,
  orgId: string,
  userFile: string,
): Promise<DemoSeed['user']> {
  const found = await identity.send(IdentityMessages.users.list, {
    orgId,
    query: DEMO_USER.address,
    limit: 10,
  });
  if (!found.some((user) => user.email === DEMO_USER.address)) {
    const password = randomBytes(12).toString('base64url');
    await identity.send(IdentityMessages.users.create, {
      context: { actor: SYSTEM_ACTOR, correlationId: randomUUID() },
      orgId,
      email: DEMO_USER.address,
      name: DEMO_USER.name,
      password,
    });
    saveSecret(userFile, { email: DEMO_USER.address, password, mailboxImported: false });
  }
  const saved = readSecret(userFile);
  let messages = saved?.messages ?? 0;
  if (saved && !saved.mailboxImported) {
    // The mbox is written once and kept: messages are deduplicated by their exact bytes.
    const mbox = join(config.infraDir, 'demo-gmail-takeout.mbox');
    if (!existsSync(mbox)) await writeDemoMailbox(mbox, DEMO_USER);
    const summary = await importMailbox(config, {
      orgId,
      userEmail: DEMO_USER.address,
      source: 'gmail',
      path: mbox,
    });
    messages = summary.imported + summary.duplicates;
    saveSecret(userFile, { ...saved, mailboxImported: true, messages });
  }
  return { email: DEMO_USER.address, password: saved?.password ?? null, messages };
}

interface SavedSecret {
  email: string;
  password: string;
  mailboxImported?: boolean;
  messages?: number;
}

function saveSecret(file: string, secret: SavedSecret): void {
  writeFileSync(file, JSON.stringify(secret), { mode: 0o600 });
}

function readSecret(file: string): SavedSecret | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SavedSecret) : undefined;
}
