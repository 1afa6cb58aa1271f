import type { mongo } from 'mongoose';

import type { SsoTestView } from '@coffer/contracts';

export interface SsoTestDocument extends Omit<SsoTestView, 'id'> {
  /** The test's id; its AuthnRequest is `_ssotest-<id>`. */
  _id: string;
}

/**
 * Settings → SSO test results, one document per test, read and written by `_id` only. A test
 * moves pending → started → succeeded | failed, each step a conditional update on the status,
 * so a test is sent to the IdP once and gets one result. Kept (a handful per organisation) so
 * the console can show an earlier result again.
 */
export class SsoTestStore {
  private readonly tests: mongo.Collection<SsoTestDocument>;

  constructor(db: mongo.Db) {
    this.tests = db.collection<SsoTestDocument>('sso_tests');
  }

  async insert(document: SsoTestDocument): Promise<void> {
    await this.tests.insertOne(document);
  }

  /** Another organisation's test reads as none. */
  async get(orgId: string, testId: string): Promise<SsoTestDocument | undefined> {
    const document = await this.tests.findOne({ _id: testId });
    return document && document.orgId === orgId ? document : undefined;
  }

  /** False when the test was not in `from` any more (another request moved it first). */
  async move(
    testId: string,
    from: SsoTestView['status'],
    change: Partial<SsoTestDocument>,
  ): Promise<boolean> {
    const result = await this.tests.updateOne({ _id: testId, status: from }, { $set: change });
    return result.matchedCount === 1;
  }
}

export function viewOf({ _id, ...rest }: SsoTestDocument): SsoTestView {
  return { id: _id, ...rest };
}
