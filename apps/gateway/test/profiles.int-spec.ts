import type { ProfileView, UserView } from '@coffer/contracts';
import { expectEventually, HttpClient, servicesUnderTest } from '@coffer/testing';

// Scenarios 3 and 4 of the first seed: a profile without web restore hides the Data Sources
// tab; without web restore and share the user cannot sign in; enabling it shows the tab again.
describe('profiles: User Privacy & Access at sign-in', () => {
  const { baseUrl, seeder } = servicesUnderTest('profiles');
  const password = 'a long enough passphrase';
  const admin = new HttpClient(baseUrl);
  let sales: ProfileView;
  let erin: UserView;

  beforeAll(async () => {
    await seeder.organization('initech', {
      email: 'bill@initech.test',
      password,
      name: 'Bill',
      role: 'product-administrator',
    });
    await admin.post('/api/console/login', { email: 'bill@initech.test', password });
    erin = (
      await admin.post<UserView>('/api/console/users', {
        email: 'erin@initech.test',
        name: 'Erin',
        password,
      })
    ).body;
  });

  const signIn = async () => {
    const client = new HttpClient(baseUrl);
    const login = await client.post<{ code?: string; message?: string; capabilities?: object }>(
      '/api/portal/login',
      {
        email: 'erin@initech.test',
        password,
      },
    );
    return login;
  };

  it('gives every organisation a default profile that holds its users', async () => {
    const profiles = await expectEventually(async () => {
      const list = await admin.get<ProfileView[]>('/api/console/profiles');
      expect(list.body).toEqual([
        expect.objectContaining({ name: 'Default', isDefault: true, memberCount: 1 }),
      ]);
      return list.body;
    });
    expect(profiles[0]).toMatchObject({ allowWebRestore: true, allowShare: true });
  });

  it('creates a profile and moves a user into it', async () => {
    const created = await admin.post<ProfileView>('/api/console/profiles', {
      name: 'Sales',
      allowWebRestore: true,
      allowShare: true,
      dataSources: ['gmail', 'exchange-online'],
    });
    expect(created.status).toBe(201);
    sales = created.body;
    await expectEventually(async () => {
      const moved = await admin.post<UserView>(`/api/console/users/${erin.id}/profile`, {
        profileId: sales.id,
      });
      expect(moved.status).toBe(200);
      expect(moved.body.profileId).toBe(sales.id);
    });
    await expectEventually(async () =>
      expect(
        (await admin.get<ProfileView>(`/api/console/profiles/${sales.id}`)).body.memberCount,
      ).toBe(1),
    );
  });

  it('hides the Data Sources tab on the next sign-in once web restore is turned off, and shows it when turned on', async () => {
    const off = await admin.request<{ appliedToSignIn: boolean }>(
      'PATCH',
      `/api/console/profiles/${sales.id}/access`,
      {
        json: { allowWebRestore: false, allowShare: true },
      },
    );
    expect(off.status).toBe(200);
    expect(off.body.appliedToSignIn).toBe(true);

    const withoutTab = await signIn();
    expect(withoutTab.status).toBe(200);
    expect(withoutTab.body.capabilities).toEqual({
      dataSources: false,
      restore: false,
      share: true,
    });

    await admin.request('PATCH', `/api/console/profiles/${sales.id}/access`, {
      json: { allowWebRestore: true, allowShare: true },
    });
    expect((await signIn()).body.capabilities).toEqual({
      dataSources: true,
      restore: true,
      share: true,
    });
  });

  it('refuses sign-in with a clear message when web restore and share are both off', async () => {
    const both = await admin.request<{ appliedToSignIn: boolean }>(
      'PATCH',
      `/api/console/profiles/${sales.id}/access`,
      {
        json: { allowWebRestore: false, allowShare: false },
      },
    );
    expect(both.body.appliedToSignIn).toBe(true);

    const refused = await signIn();
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      code: 'web-access-disabled',
      message:
        'Web restore and Share are both turned off for your account, so the web portal has nothing to offer you. Ask your administrator to turn one of them on in your profile.',
    });
  });

  it("refuses another organisation's profile id on user creation and CSV import, and counts members per organisation", async () => {
    await seeder.organization('globex', {
      email: 'hank@globex.test',
      password,
      name: 'Hank',
      role: 'cloud-administrator',
    });
    const otherAdmin = new HttpClient(baseUrl);
    await otherAdmin.post('/api/console/login', { email: 'hank@globex.test', password });

    const created = await otherAdmin.post('/api/console/users', {
      email: 'mallory@globex.test',
      name: 'Mallory',
      password,
      profileId: sales.id,
    });
    expect(created.status).toBe(404);
    expect(created.body).toEqual({
      code: 'profile-not-found',
      message: 'There is no such profile in your organisation.',
    });

    const imported = await otherAdmin.request('POST', '/api/console/users/import', {
      rawBody: `email,name,profileId\ntrudy@globex.test,Trudy,${sales.id}\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({
      created: 0,
      skipped: [
        {
          line: 2,
          email: 'trudy@globex.test',
          reason: 'There is no such profile in your organisation.',
        },
      ],
    });
    expect(
      (await admin.get<ProfileView>(`/api/console/profiles/${sales.id}`)).body.memberCount,
    ).toBe(1);
  });

  it('refuses to delete a profile that still has members, saying so', async () => {
    const response = await admin.request('DELETE', `/api/console/profiles/${sales.id}`);
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      code: 'profile-has-members',
      message: 'This profile still has 1 user; move them to another profile first.',
    });
  });

  it('lists profiles by name as a person reads them, in the API the console shows', async () => {
    for (const name of ['zeta team', 'Team 10', 'beta', 'Team 2', 'Alpha']) {
      const created = await admin.post('/api/console/profiles', {
        name,
        allowWebRestore: true,
        allowShare: true,
        dataSources: [],
      });
      expect(created.status).toBe(201);
    }
    await expectEventually(async () => {
      const names = (await admin.get<ProfileView[]>('/api/console/profiles')).body.map(
        (profile) => profile.name,
      );
      expect(names.filter((name) => !['Default', 'Sales'].includes(name))).toEqual([
        'Alpha',
        'beta',
        'Team 2',
        'Team 10',
        'zeta team',
      ]);
      expect(names.indexOf('Default')).toBeGreaterThan(names.indexOf('beta'));
      expect(names.indexOf('Default')).toBeLessThan(names.indexOf('Team 2'));
    });
  });

  it('validates profile input at the edge', async () => {
    const response = await admin.post('/api/console/profiles', {
      name: '',
      allowWebRestore: 'yes',
      allowShare: true,
      dataSources: ['floppy'],
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid-request' });
  });
});
