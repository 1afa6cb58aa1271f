import { randomBytes } from 'node:crypto';

import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import { testEnvironment, totpCode } from '@coffer/testing';

import { Sessions } from '../sign-in/sessions';
import { SignInDirectory } from '../sign-in/sign-in-directory';
import { CodeUses } from './code-uses';
import { isRecent } from './mfa-policy';
import { activeMfaOf, MfaStore } from './mfa-store';
import { newRecoveryCodes, normalizeRecoveryCode, recoveryCodeHash } from './recovery-codes';
import { SecondFactor } from './second-factor';
import { SecretBox } from './secret-box';
import { newTotpSecret, otpauthUri } from './totp';

// Codes depend on time: a controllable clock makes steps pass at once, against the real database.
describe('second factor over time', () => {
  const { config } = testEnvironment('second-factor');
  let connection: Connection;
  let directory: SignInDirectory;
  let now = new Date('2026-11-23T08:00:05Z');
  const clock = () => now;
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const box = new SecretBox({ current: randomBytes(32), previous: [] });
  const accountId = 'a-1';
  const key = 'console:ada@example.com';
  let uri: string;
  let codes: string[];
  let store: MfaStore;

  beforeAll(async () => {
    connection = await mongoose.createConnection(databaseUrl(config, 'identity')).asPromise();
    directory = new SignInDirectory(connection.db!);
    const secret = newTotpSecret();
    uri = otpauthUri('ada@example.com', secret);
    codes = newRecoveryCodes();
    store = new MfaStore(directory.documents, new CodeUses(connection.db!, clock));
    await directory.documents.insertOne({ _id: key });
    await store.startPending(key, accountId, box.seal(secret), now);
    const pending = (await directory.get(key))!.mfa!.pending!;
    const hashes = codes.map((code) => recoveryCodeHash(accountId, normalizeRecoveryCode(code)!));
    // Enrolled with the step before the test's first.
    const step = Math.floor(now.getTime() / 30_000) - 1;
    expect(await store.confirm(key, accountId, pending, hashes, step, now)).toBe(true);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const factor = () => new SecondFactor(store, box, clock);
  const verify = async (code: string) =>
    factor().verify(key, activeMfaOf(await directory.get(key), accountId)!, code);

  it('accepts the current code once, and the code of a step already passed never', async () => {
    const current = totpCode(uri, now);
    expect(await verify(current)).toEqual({ kind: 'totp' });
    expect(await verify(current)).toBeUndefined();

    advance(30_000);
    // The previous step is inside the ±1 window, but its code was used: a replay.
    expect(await verify(current)).toBeUndefined();
    expect(await verify(totpCode(uri, now))).toEqual({ kind: 'totp' });
  });

  it('accepts the next step (a fast clock), and refuses a code two steps away', async () => {
    advance(30_000);
    expect(await verify(totpCode(uri, now, 2))).toBeUndefined();
    expect(await verify(totpCode(uri, now, 1))).toEqual({ kind: 'totp' });
    advance(120_000);
    expect(await verify(totpCode(uri, now, -2))).toBeUndefined();
  });

  it('lets only one of two simultaneous uses of a code win', async () => {
    advance(60_000);
    const code = totpCode(uri, now);
    const results = await Promise.all([verify(code), verify(code), verify(code)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('takes each recovery code once, however it is typed, and counts what is left', async () => {
    const [first, second] = codes;
    expect(await verify(first.toLowerCase().replace('-', ' '))).toEqual({
      kind: 'recovery-code',
      remaining: 9,
    });
    expect(await verify(first)).toBeUndefined();
    const results = await Promise.all([verify(second), verify(second)]);
    expect(results.filter(Boolean)).toEqual([{ kind: 'recovery-code', remaining: 8 }]);
    expect((await directory.get(key))!.mfa!.recoveryCodes).toHaveLength(8);
    expect(await verify('not-a-code')).toBeUndefined();
  });

  it("needs a session's last sign-in or factor within ten minutes for step-up", async () => {
    const sessions = new Sessions(
      connection.db!,
      { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 },
      clock,
    );
    const tenMinutes = 10 * 60_000;
    const { token } = await sessions.start({
      surface: 'console',
      kind: 'administrator',
      accountId,
      orgId: 'o-1',
      signInKey: key,
    });
    const recent = async () =>
      isRecent((await sessions.resolve(token))!.authenticatedAt!, now, tenMinutes);
    advance(9 * 60_000);
    expect(await recent()).toBe(true);
    advance(61_000);
    expect(await recent()).toBe(false);
    await sessions.markAuthenticated(token);
    expect(await recent()).toBe(true);
  });
});
