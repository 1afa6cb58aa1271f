import type {
  AccountSessions,
  AdministratorView,
  ApiTokenWithSecret,
  AuditTrailPage,
  MailboxImportView,
  ProfileView,
  PstExportView,
  UserView,
} from '@coffer/contracts';

import { archiveForm } from './archive-form';
import { expectEventually } from './expect-eventually';
import type { HttpClient } from './http-client';

/**
 * Creates one resource of every kind an id-taking endpoint names — a user, a product
 * administrator, a profile, an API token, a mailbox import, a PST export, and finds an audit entry — through a
 * signed-in cloud administrator; returns their ids by the path segment naming the kind
 * (`users`, `administrators`, `profiles`, `api-tokens`, `mailbox-imports`, `pst-exports`,
 * `audit-trail`, and
 * `accounts` and `sessions` for the session endpoints).
 */
export async function oneOfEachResource(
  admin: HttpClient,
  domain: string,
  password: string,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const bob = await admin.post<UserView>('/api/console/users', {
    email: `bob@${domain}`,
    name: 'Bob',
    password,
  });
  ids.users = bob.body.id;
  // The sessions of an account are addressed by the account's id.
  ids.accounts = bob.body.id;
  // A session of the caller; one signed in with HTTP Basic has none, and any id then does.
  ids.sessions =
    (await admin.get<AccountSessions>('/api/console/sessions')).body.sessions?.[0]?.id ??
    '0123456789abcdef';
  ids.administrators = (
    await admin.post<AdministratorView>('/api/console/administrators', {
      email: `pat@${domain}`,
      name: 'Pat',
      role: 'product-administrator',
      password,
    })
  ).body.id;
  ids.profiles = (
    await admin.post<ProfileView>('/api/console/profiles', {
      name: 'Night shift',
      dataSources: [],
      allowWebRestore: true,
      allowShare: true,
    })
  ).body.id;
  ids['api-tokens'] = (
    await admin.post<ApiTokenWithSecret>('/api/console/api-tokens', {
      name: 'scripts',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    })
  ).body.token.id;
  // An export needs a backup to export: one message, imported as the console does it.
  ids['mailbox-imports'] = await importOneMessage(admin, bob.body.id);
  ids['pst-exports'] = (
    await admin.post<PstExportView>('/api/console/pst-exports', {
      userId: bob.body.id,
      source: 'gmail',
    })
  ).body.id;
  ids['audit-trail'] = await expectEventually(async () => {
    const page = await admin.get<AuditTrailPage>('/api/console/audit-trail?limit=1');
    expect(page.body.entries).toHaveLength(1);
    return page.body.entries[0].id;
  });
  for (const [kind, id] of Object.entries(ids))
    expect([kind, id]).toEqual([kind, expect.any(String)]);
  return ids;
}

/** Uploads a one-message mbox to the user's Gmail backup and waits until it is imported. */
async function importOneMessage(admin: HttpClient, userId: string): Promise<string> {
  const mbox = Buffer.from(
    'From bob@example.test Mon Jan  5 09:00:00 2026\r\nFrom: bob@example.test\r\n' +
      'To: bob@example.test\r\nSubject: One backed-up message\r\n' +
      'Date: Mon, 5 Jan 2026 09:00:00 +0000\r\n\r\nHello.\r\n',
  );
  const started = await admin.post<MailboxImportView>(
    `/api/console/users/${userId}/mailbox-imports`,
    { source: 'gmail', fileName: 'backup.mbox', bytes: mbox.length },
  );
  expect(started.status).toBe(201);
  const form = archiveForm('backup.mbox', mbox);
  const uploaded = await admin.request<MailboxImportView>(
    'POST',
    `/api/console/mailbox-imports/${started.body.id}/archive`,
    { headers: form.headers, rawBody: Buffer.concat([form.head, form.content, form.tail]) },
  );
  expect(uploaded.status).toBeLessThan(300);
  await expectEventually(async () => {
    const current = await admin.get<MailboxImportView>(
      `/api/console/mailbox-imports/${started.body.id}`,
    );
    expect(current.body.status).toBe('completed');
  });
  return started.body.id;
}
