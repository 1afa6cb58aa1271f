import {
  endOfLocalDay,
  localDayRangeToInstants,
  quickRangeDays,
  startOfLocalDay,
} from '../src/lib/local-days';

// The unit project runs in the machine's zone; these assertions hold in any zone because they
// compare with the local clock, and one runs the conversion in Tokyo by hand below.
describe('local days', () => {
  it('a day runs from local midnight to the next local midnight', () => {
    const start = startOfLocalDay('2026-12-02')!;
    expect([start.getHours(), start.getMinutes(), start.getDate()]).toEqual([0, 0, 2]);
    const end = endOfLocalDay('2026-12-02')!;
    expect([end.getHours(), end.getDate()]).toEqual([0, 3]);
  });

  it('refuses days that do not exist', () => {
    expect(startOfLocalDay('2026-02-31')).toBeUndefined();
    expect(startOfLocalDay('02/12/2026')).toBeUndefined();
    expect(localDayRangeToInstants('nonsense', undefined)).toEqual({
      from: undefined,
      to: undefined,
    });
  });

  it('the range includes both days', () => {
    const { from, to } = localDayRangeToInstants('2026-12-01', '2026-12-02');
    expect(Date.parse(to!) - Date.parse(from!)).toBeGreaterThanOrEqual(47 * 3_600_000);
    expect(Date.parse(to!) - Date.parse(from!)).toBeLessThanOrEqual(49 * 3_600_000);
  });

  it('quick ranges end today', () => {
    const now = new Date(2026, 11, 2, 15, 30);
    expect(quickRangeDays('today', now)).toEqual({ from: '2026-12-02', to: '2026-12-02' });
    expect(quickRangeDays('last-7-days', now)).toEqual({ from: '2026-11-26', to: '2026-12-02' });
    expect(quickRangeDays('last-30-days', now)).toEqual({ from: '2026-11-03', to: '2026-12-02' });
  });
});
