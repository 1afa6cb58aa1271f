import type { AuditTrailPage } from '@coffer/contracts';
import {
  expectEventually,
  HttpClient,
  Mailbox,
  runOps,
  runOpsText,
  servicesUnderTest,
} from '@coffer/testing';

import type { CreatedOrganization } from './create-organization';

/**
 * `ops create-organization`: the only way an operator makes a customer organisation. Its first
 * cloud administrator chooses a password from an emailed link, signs in, and finds the creation
 * in the audit trail with the operator as actor; an email already in use is refused up front.
 */
describe('ops create-organization', () => {
  const { env, mailApi, baseUrl } = servicesUnderTest('create-org');
  const mailbox = new Mailbox(mailApi);

  it('creates the organisation and emails its first cloud administrator a link to choose a password', async () => {
    const created = await runOps<CreatedOrganization>(env, [
      'create-organization',
      '--name',
      'Pied Piper',
      '--admin-email',
      'Richard@PiedPiper.test',
      '--admin-name',
      'Richard',
    ]);
    expect(created).toMatchObject({
      name: 'Pied Piper',
      slug: 'pied-piper',
      administrator: { email: 'richard@piedpiper.test', name: 'Richard' },
    });
    const mail = await mailbox.waitForMessageTo('richard@piedpiper.test');
    const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    const chosen = await new HttpClient(baseUrl).post('/api/console/password-reset', {
      token,
      newPassword: 'a passphrase richard chose',
    });
    expect(chosen.status).toBe(200);
    // The link works once.
    const again = await new HttpClient(baseUrl).post('/api/console/password-reset', {
      token,
      newPassword: 'another passphrase entirely',
    });
    expect(again.status).toBe(400);

    const richard = new HttpClient(baseUrl);
    const signedIn = await richard.post('/api/console/login', {
      email: 'richard@piedpiper.test',
      password: 'a passphrase richard chose',
    });
    expect(signedIn.status).toBe(200);
    // Its default profile, made by profiles from the organisation's creation event.
    await expectEventually(async () => {
      const profiles =
        await richard.get<{ name: string; isDefault: boolean }[]>('/api/console/profiles');
      expect(profiles.body).toEqual([
        expect.objectContaining({ name: 'Default', isDefault: true }),
      ]);
    });
    const creation = await expectEventually(async () => {
      const trail = await richard.get<AuditTrailPage>('/api/console/audit-trail?trail=system');
      const entry = trail.body.entries.find(
        (candidate) => candidate.action === 'organization-created',
      );
      if (!entry) throw new Error('no organisation creation in the trail yet');
      return entry;
    });
    expect(creation.orgId).toBe(created.orgId);
    expect(creation.actor).toMatchObject({
      type: 'system',
      id: expect.stringMatching(/^operator /),
    });
  });

  it('refuses an email that already belongs to an administrator, before creating anything', async () => {
    const refused = runOpsText(env, [
      'create-organization',
      '--name',
      'Hooli',
      '--admin-email',
      'richard@piedpiper.test',
    ]);
    await expect(refused).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("richard@piedpiper.test is already an administrator's email"),
    });
    // Nothing was made: the short name is still free.
    const hooli = await runOps<CreatedOrganization>(env, [
      'create-organization',
      '--name',
      'Hooli',
      '--admin-email',
      'gavin@hooli.test',
    ]);
    expect(hooli.slug).toBe('hooli');
  });
});
