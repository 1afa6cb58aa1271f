import { type ConsistencyFindings, formatFindings } from './consistency-check';

const consistent: ConsistencyFindings = {
  consistent: true,
  services: [
    {
      service: 'identity',
      stores: [{ collection: 'events', events: 12, unpublished: 0 }],
      readModels: [
        {
          aggregateType: 'user',
          collection: 'users',
          aggregates: 3,
          documents: 3,
          differences: 0,
          examples: [],
        },
      ],
      projects: [],
    },
  ],
  readModels: [],
  projected: { differences: 0, examples: [] },
  unpublished: [],
  auditTrail: { audited: 12, entries: 12, missing: 0, missingExamples: [], unexplained: 0 },
};

describe('formatFindings', () => {
  it('says consistent with the totals when nothing differs', () => {
    const text = formatFindings(consistent);
    expect(text).toContain('identity   events: 12 events; users: 3 documents');
    expect(text).toContain(
      'audit trail: 12 entries for 12 audited events; 0 missing, 0 unexplained',
    );
    expect(text.split('\n').pop()).toBe('consistent');
  });

  it('names every difference and its first examples', () => {
    const text = formatFindings({
      ...consistent,
      consistent: false,
      readModels: [
        {
          service: 'identity',
          aggregateType: 'user',
          collection: 'users',
          aggregates: 3,
          documents: 2,
          differences: 2,
          examples: [
            { aggregateId: 'u-1', kind: 'missing' },
            { aggregateId: 'u-2', kind: 'stale', storeVersion: 4, readModelVersion: 3 },
          ],
        },
      ],
      projected: {
        differences: 1,
        examples: [
          {
            service: 'profiles',
            collection: 'profile_members',
            aggregateId: 'u-3',
            eventId: 'e-7',
            type: 'identity.user.profile-assigned',
            eventVersion: 3,
            readModelVersion: 1,
          },
        ],
      },
      unpublished: [{ service: 'tokens', collection: 'events', commits: 5 }],
      auditTrail: {
        audited: 12,
        entries: 12,
        missing: 1,
        missingExamples: [{ service: 'identity', id: 'e-9', type: 'identity.user.created' }],
        unexplained: 1,
      },
    });
    expect(text).toContain('missing from the trail: identity identity.user.created e-9');
    expect(text).toContain('not yet published: tokens events, 5 commits');
    expect(text).toContain('read model differs: identity users, 2 aggregates');
    expect(text).toContain('missing: u-1');
    expect(text).toContain('stale: u-2 (events reach v4, the document v3)');
    expect(text).toContain(
      'profiles profile_members: identity.user.profile-assigned v3 of u-3, v1',
    );
    expect(text.split('\n').pop()).toBe('NOT consistent');
  });
});
