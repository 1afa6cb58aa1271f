import { randomUUID } from 'node:crypto';

import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { defaultProfileId, type EventEnvelope, SYSTEM_ACTOR } from '@coffer/contracts';
import { testEnvironment } from '@coffer/testing';

import { ProfileAccess } from '../profile-access/profile-access';
import { IdentityReadModel } from '../shared/identity-read-model';
import { PendingFanOuts } from './pending-fan-outs';
import { type AccountFacts, SignInDirectory } from './sign-in-directory';
import { signInKey } from './sign-in-key';
import { SignInPolicy } from './sign-in-policy';

// Sign-in reads one document that carries copies of the organisation's SSO rule and the
// profile's access rules. Copies go stale silently if a change and a new account cross; these
// pin that they cannot, against the real database.
describe('the rules copied onto sign-in documents', () => {
  const { config } = testEnvironment('sign-in-policy');
  let connection: Connection;
  let directory: SignInDirectory;
  let readModel: IdentityReadModel;
  let profileAccess: ProfileAccess;
  let pending: PendingFanOuts;
  let policy: SignInPolicy;
  const orgId = randomUUID();
  const profileId = randomUUID();

  const profileEvent = (
    type: 'profiles.profile.created' | 'profiles.profile.access-settings-changed',
    version: number,
    rules: { allowWebRestore: boolean; allowShare: boolean },
  ): EventEnvelope => ({
    id: randomUUID(),
    type,
    schemaVersion: 1,
    orgId,
    aggregate: { type: 'profile', id: profileId, version },
    occurredAt: new Date().toISOString(),
    actor: SYSTEM_ACTOR,
    correlationId: 'test',
    payload: { name: 'Sales', ...rules, previous: rules },
  });

  const user = (email: string, profile: string | null = profileId): AccountFacts => ({
    kind: 'user',
    id: randomUUID(),
    orgId,
    email,
    name: email,
    status: 'active',
    profileId: profile,
  });

  async function newAccount(facts: AccountFacts): Promise<string> {
    const key = signInKey('portal', facts.email);
    await directory.saveAccount(key, facts, 1);
    return key;
  }

  beforeAll(async () => {
    connection = await mongoose.createConnection(databaseUrl(config, 'identity')).asPromise();
    const db = connection.db!;
    directory = new SignInDirectory(db);
    readModel = new IdentityReadModel(db);
    profileAccess = new ProfileAccess(db);
    pending = new PendingFanOuts(db);
    policy = new SignInPolicy(directory, readModel, profileAccess, pending);
    profileAccess.changed = (org, access) => policy.profileChanged(org, access);
    await readModel.saveOrganization(
      orgId,
      {
        exists: true,
        name: 'Acme',
        slug: 'acme',
        sso: null,
        enforcement: 'off',
        administratorMfa: { requiredForAdministrators: false, graceUntil: null },
      },
      1,
    );
    await profileAccess.apply(
      profileEvent('profiles.profile.created', 1, { allowWebRestore: true, allowShare: true }),
    );
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('gives a new account the rules of its profile and organisation as they are now', async () => {
    const facts = user('ann@acme.test');
    const key = await newAccount(facts);
    await policy.stamp(key, facts);

    const document = await directory.get(key);
    expect(document?.access).toEqual({
      profileId,
      allowWebRestore: true,
      allowShare: true,
      version: 1,
    });
    expect(document?.sso).toMatchObject({ configured: false, enforcement: 'off', version: 1 });
  });

  it('pushes a profile change to accounts that have a copy, and reports it only then', async () => {
    const facts = user('bea@acme.test');
    const key = await newAccount(facts);
    await policy.stamp(key, facts);

    await profileAccess.apply(
      profileEvent('profiles.profile.access-settings-changed', 2, {
        allowWebRestore: false,
        allowShare: true,
      }),
    );
    expect((await directory.get(key))?.access).toMatchObject({
      allowWebRestore: false,
      version: 2,
    });
    expect(await profileAccess.version(profileId)).toBe(2);
    expect(await policy.accessOf(await directory.get(key), facts)).toEqual({
      allowWebRestore: false,
      allowShare: true,
    });
  });

  it('takes the copy again when it read the rules just before a change was pushed', async () => {
    const facts = user('cat@acme.test');
    const key = await newAccount(facts);
    const stale = await profileAccess.policyFor(orgId, profileId);
    await profileAccess.apply(
      profileEvent('profiles.profile.access-settings-changed', 3, {
        allowWebRestore: true,
        allowShare: false,
      }),
    );
    // The push reached the document (as it does once a copy exists) before the stale copy lands.
    await directory.stamp(key, { access: await profileAccess.policyFor(orgId, profileId) });
    const read = jest.spyOn(profileAccess, 'policyFor').mockResolvedValueOnce(stale);
    let reads = 0;
    try {
      await policy.stamp(key, facts);
      reads = read.mock.calls.length;
    } finally {
      read.mockRestore();
    }
    expect(reads).toBe(2);
    expect((await directory.get(key))?.access).toMatchObject({ allowShare: false, version: 3 });
  });

  it('leaves an older replayed profile event without effect', async () => {
    await profileAccess.apply(
      profileEvent('profiles.profile.created', 1, { allowWebRestore: true, allowShare: true }),
    );
    expect(await profileAccess.policyFor(orgId, profileId)).toMatchObject({
      allowShare: false,
      version: 3,
    });
  });

  it('reads the sources for a document that never got its copies (its creation cut short)', async () => {
    const facts = user('dan@acme.test', null);
    const key = await newAccount(facts);
    const document = await directory.get(key);
    expect(document?.access).toBeUndefined();
    expect(await policy.accessOf(document, facts)).toEqual({
      allowWebRestore: true,
      allowShare: true,
    });
    expect(await policy.ssoOf(document, orgId)).toMatchObject({ configured: false });
    expect(facts.profileId ?? defaultProfileId(orgId)).toBe(`${orgId}:default`);
  });

  it('finishes pushing an SSO rule that a stopped service had only begun', async () => {
    const facts = user('eve@acme.test');
    const key = await newAccount(facts);
    await policy.stamp(key, facts);
    await readModel.saveOrganization(
      orgId,
      {
        exists: true,
        name: 'Acme',
        slug: 'acme',
        sso: {
          idpEntityId: 'https://idp.test',
          idpSsoUrl: 'https://idp.test/sso',
          idpCertificates: ['MIIB'],
          emailAttribute: null,
          nameAttribute: null,
          justInTimeProvisioning: false,
        },
        enforcement: 'users',
        administratorMfa: { requiredForAdministrators: false, graceUntil: null },
      },
      3,
    );
    // The service stopped right after marking the push pending.
    await pending.mark(orgId);
    expect((await directory.get(key))?.sso).toMatchObject({ configured: false });

    await policy.resumePending();
    expect((await directory.get(key))?.sso).toEqual({
      configured: true,
      justInTimeProvisioning: false,
      enforcement: 'users',
      administratorMfa: { requiredForAdministrators: false, graceUntil: null },
      version: 3,
    });
    expect(await pending.organizations()).toEqual([]);
  });
});
