import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idRanges } from './stored-ids.ts';

describe('idRanges', () => {
  it('should cover every id time of a group, in at most 8 sorted ranges that do not overlap', () => {
    // A time outside every range would let a re-sent id through as new: the one thing it must not do.
    const times = fc.array(fc.integer({ min: 0, max: 2 ** 48 - 1 }), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(times, (ts) => {
        const ranges = idRanges(ts);
        expect(ranges.length).toBeLessThanOrEqual(8);
        for (const t of ts) expect(ranges.some(([a, b]) => a <= t && t <= b)).toBe(true);
        ranges.forEach(([a, b], i) => {
          expect(a).toBeLessThanOrEqual(b);
          if (i > 0) expect(a).toBeGreaterThan((ranges[i - 1] as [number, number])[1]);
        });
      }),
    );
  });

  it('should keep a group of new ids in one narrow range, and a late re-send apart from it', () => {
    const now = 1_780_000_000_000;
    expect(idRanges([now, now + 5, now - 2000])).toEqual([[now - 2000, now + 5]]);
    expect(idRanges([now, now + 5, now - 3 * 86_400_000])).toEqual([
      [now - 3 * 86_400_000, now - 3 * 86_400_000],
      [now, now + 5],
    ]);
  });

  it('should merge the closest ranges first when a group has more than 8', () => {
    const hour = 3_600_000;
    const ts = [0, 2, 4, 6, 8, 10, 12, 14].map((h) => h * 10 * hour);
    expect(idRanges([...ts, ts[7]! + 2 * hour])).toEqual([...ts.slice(0, 7).map((t) => [t, t]), [ts[7], ts[7]! + 2 * hour]]);
  });
});
