import {
  BUCKET_MS,
  bucketsOf,
  bucketStart,
  dayKey,
  dayOfKey,
  daySummaryId,
  entriesFitting,
  laneDaySummaryId,
  MAX_SEGMENT_BYTES,
  MAX_SEGMENT_ENTRIES,
  monthKey,
  monthOfKey,
  monthSummaryId,
  nextMonth,
  segmentId,
  segmentKey,
  segmentOfKey,
  spanOverlaps,
  spanWithin,
  startOfMonth,
} from './trail-buckets';

const at = (iso: string) => new Date(iso);

describe('trail buckets', () => {
  it('puts an instant in the hour it falls in, the hour end exclusive', () => {
    expect(bucketStart(at('2026-05-01T07:59:59.999Z'))).toEqual(at('2026-05-01T07:00:00.000Z'));
    expect(bucketStart(at('2026-05-01T08:00:00.000Z'))).toEqual(at('2026-05-01T08:00:00.000Z'));
  });

  it('computes every id from organisation, lane and time', () => {
    const hour = at('2026-05-01T07:00:00.000Z');
    expect(segmentId('org-1', { trail: 'admin', administratorId: 'a.1' }, hour, 0)).toBe(
      'org-1:admin-a%2E1:2026-05-01T07:00:00.000Z#0',
    );
    expect(segmentId('org-1', { trail: 'user' }, hour, 2)).toBe(
      'org-1:user-:2026-05-01T07:00:00.000Z#2',
    );
    expect(daySummaryId('org-1', hour)).toBe('org-1:2026-05-01');
    expect(laneDaySummaryId('org-1', hour, { trail: 'system' })).toBe('org-1:2026-05-01:system-');
    expect(monthSummaryId('org-1', hour)).toBe('org-1:2026-05');
  });

  it('names children with keys that read back to their spans', () => {
    const month = at('2026-02-01T00:00:00.000Z');
    expect(monthKey(month)).toBe('m2026-02');
    expect(monthOfKey('m2026-02')).toEqual(month);
    expect(dayKey(at('2026-02-28T13:00:00.000Z'))).toBe('d28');
    expect(dayOfKey(month, 'd28')).toEqual(at('2026-02-28T00:00:00.000Z'));
    const lane = { trail: 'admin' as const, administratorId: 'adm-1' };
    const ref = { ...lane, start: at('2026-02-28T23:00:00.000Z'), segment: 11 };
    expect(segmentKey(ref)).toBe('h23-s11');
    expect(segmentOfKey(at('2026-02-28T00:00:00.000Z'), lane, 'h23-s11')).toEqual(ref);
    expect(() => segmentOfKey(month, lane, 'h23')).toThrow('not a segment key');
  });

  it('walks months across a year end', () => {
    expect(startOfMonth(at('2026-12-31T23:59:59.000Z'))).toEqual(at('2026-12-01T00:00:00.000Z'));
    expect(nextMonth(at('2026-12-01T00:00:00.000Z'))).toEqual(at('2027-01-01T00:00:00.000Z'));
  });

  it('lists the hours a period touches, newest first, from inclusive and to exclusive', () => {
    expect(
      bucketsOf({ from: at('2026-05-01T07:30:00.000Z'), to: at('2026-05-01T10:00:00.000Z') }),
    ).toEqual([
      at('2026-05-01T09:00:00.000Z'),
      at('2026-05-01T08:00:00.000Z'),
      at('2026-05-01T07:00:00.000Z'),
    ]);
    const day = bucketsOf({
      from: at('2026-05-01T00:00:00.000Z'),
      to: at('2026-05-02T00:00:00.000Z'),
    });
    expect(day).toHaveLength(24);
    expect(day[0].getTime() - day[1].getTime()).toBe(BUCKET_MS);
    expect(
      bucketsOf({ from: at('2026-05-02T00:00:00.000Z'), to: at('2026-05-01T00:00:00.000Z') }),
    ).toEqual([]);
  });

  it('tells a span inside a period from one the period cuts', () => {
    const period = { from: at('2026-05-01T07:30:00.000Z'), to: at('2026-05-01T09:00:00.000Z') };
    const hour = (iso: string) => [at(iso), new Date(at(iso).getTime() + BUCKET_MS)] as const;
    expect(spanWithin(...hour('2026-05-01T08:00:00.000Z'), period)).toBe(true);
    expect(spanWithin(...hour('2026-05-01T07:00:00.000Z'), period)).toBe(false);
    expect(spanOverlaps(...hour('2026-05-01T07:00:00.000Z'), period)).toBe(true);
    expect(spanOverlaps(...hour('2026-05-01T09:00:00.000Z'), period)).toBe(false);
    expect(spanWithin(...hour('2020-01-01T00:00:00.000Z'), {})).toBe(true);
  });

  it('overflows into the next segment past its entry or byte bound', () => {
    expect(entriesFitting([100, 100, 100], { n: MAX_SEGMENT_ENTRIES - 2, bytes: 0 })).toBe(2);
    expect(entriesFitting([100], { n: MAX_SEGMENT_ENTRIES, bytes: 0 })).toBe(0);
    expect(entriesFitting([100, 100], { n: 3, bytes: MAX_SEGMENT_BYTES - 150 })).toBe(1);
    // An empty segment takes an entry whatever its size: no entry is ever refused for good.
    expect(entriesFitting([MAX_SEGMENT_BYTES * 2, 10], { n: 0, bytes: 0 })).toBe(1);
    expect(entriesFitting([], { n: 0, bytes: 0 })).toBe(0);
  });
});
