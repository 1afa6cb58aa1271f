import type { AuditEntryDocument } from './audit-entry';
import {
  countKey,
  countMatching,
  countsOf,
  entryCountKey,
  parseCountKey,
  sumCounts,
} from './bucket-counts';

function entry(overrides: Partial<AuditEntryDocument>): AuditEntryDocument {
  return {
    _id: 'e-1',
    orgId: 'org-1',
    occurredAt: new Date('2026-05-01T07:00:00.000Z'),
    trail: 'admin',
    activityType: 'sign-in',
    action: 'sign-in-succeeded',
    actor: { type: 'administrator', id: 'admin-1' },
    description: 'signed in',
    details: {},
    ...overrides,
  };
}

describe('bucket counts', () => {
  it('keys counts by trail, activity type and administrator, whatever characters an id holds', () => {
    const key = countKey({ trail: 'admin', activityType: 'sign-in', administratorId: 'a.b|$c%' });
    expect(key).not.toMatch(/[.$]/);
    expect(key.split('|')).toHaveLength(3);
    expect(parseCountKey(key)).toEqual({
      trail: 'admin',
      activityType: 'sign-in',
      administratorId: 'a.b|$c%',
    });
    expect(parseCountKey(countKey({ trail: 'user', activityType: 'sign-in' }))).toEqual({
      trail: 'user',
      activityType: 'sign-in',
    });
  });

  it('counts an administrator only for what they did as one (session, password or API token)', () => {
    expect(parseCountKey(entryCountKey(entry({}))).administratorId).toBe('admin-1');
    expect(
      parseCountKey(entryCountKey(entry({ actor: { type: 'api-token', id: 'admin-1' } })))
        .administratorId,
    ).toBe('admin-1');
    expect(
      parseCountKey(entryCountKey(entry({ trail: 'user', actor: { type: 'user', id: 'u-1' } }))),
    ).toEqual({ trail: 'user', activityType: 'sign-in' });
  });

  it('sums counts and answers a filter from them', () => {
    const first = countsOf([
      entry({}),
      entry({ _id: 'e-2', activityType: 'user-management' }),
      entry({ _id: 'e-3', actor: { type: 'administrator', id: 'admin-2' } }),
    ]);
    const second = countsOf([entry({ _id: 'e-4' })]);
    const total = sumCounts([first, second]);
    expect(total.n).toBe(4);
    const signIns = (key: string) => parseCountKey(key).activityType === 'sign-in';
    const adminOnesSignIns = (key: string) =>
      signIns(key) && parseCountKey(key).administratorId === 'admin-1';
    expect(countMatching(total, signIns)).toBe(3);
    expect(countMatching(total, adminOnesSignIns)).toBe(2);
    expect(countMatching(total, () => false)).toBe(0);
    expect(sumCounts([])).toEqual({ n: 0, c: {} });
  });
});
