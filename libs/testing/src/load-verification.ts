import type { AuditTrailPage, ProfileView, UserView } from '@coffer/contracts';

import { expectEventually } from './expect-eventually';
import { HttpClient } from './http-client';
import type { LoadAccounts, MixedLoad } from './mixed-load';

/** Every entry of one filtered audit trail, following the cursor. */
async function auditDescriptions(admin: HttpClient, filter: string): Promise<string[]> {
  const descriptions: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: AuditTrailPage } = await admin.get<AuditTrailPage>(
      `/api/console/audit-trail?${filter}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (page.status !== 200) throw new Error(`audit trail answered ${page.status}`);
    descriptions.push(...page.body.entries.map((entry) => entry.description));
    cursor = page.body.nextCursor;
  } while (cursor);
  return descriptions;
}

function counts(values: string[]): Map<string, number> {
  const counted = new Map<string, number>();
  for (const value of values) counted.set(value, (counted.get(value) ?? 0) + 1);
  return counted;
}

/**
 * What a fault must not break, seen through the API as a user would: every user creation the
 * load was told succeeded exists once in identity and has exactly one audit entry, nothing
 * appears that was never sent, profiles counts every user, and every acknowledged sign-in has its
 * audit entry (a sign-in whose answer was lost may have one too, never more than were sent).
 */
export async function expectLoadRecorded(
  baseUrl: string,
  accounts: LoadAccounts,
  load: MixedLoad,
  timeoutMs = 120_000,
): Promise<void> {
  const admin = new HttpClient(baseUrl);
  await expectEventually(async () => {
    expect((await admin.post('/api/console/login', accounts.administrator)).status).toBe(200);
  });
  // A fault may refuse or drop a request, never leave it hanging.
  expect(load.commands.filter((command) => command.answer === 'timed out')).toEqual([]);
  const acknowledged = load.acknowledged('create-user').map((command) => command.subject);
  const attempted = new Set(load.attempted('create-user').map((command) => command.subject));
  const domain = `@${accounts.emailDomain}`;

  const users = await admin.get<UserView[]>(
    `/api/console/users?limit=500&query=${encodeURIComponent(domain)}`,
  );
  const known = users.body.map((user) => user.email).filter((email) => email.endsWith(domain));
  expect(new Set(known).size).toBe(known.length);
  for (const email of acknowledged) expect(known).toContain(email);
  for (const email of known.filter((email) => email.startsWith('load')))
    expect(attempted.has(email)).toBe(true);

  await expectEventually(
    async () => {
      const created = counts(
        (await auditDescriptions(admin, 'activityType=user-management'))
          .map((text) => /has created the user (load\d+@\S+)$/.exec(text)?.[1])
          .filter((email): email is string => Boolean(email?.endsWith(domain))),
      );
      for (const email of acknowledged)
        expect(`${email} ×${created.get(email) ?? 0}`).toBe(`${email} ×1`);
      for (const [email, times] of created) {
        expect(attempted.has(email)).toBe(true);
        expect(`${email} ×${times}`).toBe(`${email} ×1`);
      }
    },
    { timeoutMs },
  );

  // Profiles learns of users from identity's events: its member count must catch up exactly.
  const everyone = (await admin.get<UserView[]>('/api/console/users?limit=500')).body.length;
  await expectEventually(
    async () => {
      const profiles = await admin.get<ProfileView[]>('/api/console/profiles');
      expect(profiles.body.find((profile) => profile.isDefault)?.memberCount).toBe(everyone);
    },
    { timeoutMs },
  );

  const signIns = load.acknowledged('user-sign-in').length;
  const signInsSent = load.attempted('user-sign-in').length;
  await expectEventually(
    async () => {
      const recorded = (await auditDescriptions(admin, 'trail=user&activityType=sign-in')).filter(
        (text) => text.startsWith(`${accounts.user.email} has signed in`),
      ).length;
      expect(recorded).toBeGreaterThanOrEqual(signIns);
      expect(recorded).toBeLessThanOrEqual(signInsSent);
    },
    { timeoutMs },
  );
}
