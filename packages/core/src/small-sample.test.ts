import { describe, expect, it } from 'vitest';
import { runningWeekEstimate } from './pace.ts';
import { isSmallSample, MIN_SAMPLE, paceChange, weekChange } from './small-sample.ts';

type Measure = 'units' | 'events' | 'perActiveUnit';
const week = (start: string, value: number, activeUnits: number, partial = false) => ({ start, value, activeUnits, partial });

function payload(measure: Measure, previous: number, value: number, pace = { soFar: 13, sameTimeLastWeek: 6 }, activeUnits = 40) {
  return {
    metric: { measure },
    weeks: [
      week('2026-11-09', previous, activeUnits),
      week('2026-11-16', value, activeUnits),
      week('2026-11-23', pace.soFar, activeUnits, true),
    ],
    current: { week: '2026-11-16', value, previous, delta: value - previous, deltaPct: (value - previous) / previous },
    pace,
  } as never;
}

describe('the small-sample rule', () => {
  it('should call a count below MIN_SAMPLE a small sample', () => {
    expect(isSmallSample(MIN_SAMPLE - 1)).toBe(true);
    expect(isSmallSample(MIN_SAMPLE)).toBe(false);
  });

  it('should withhold the pace percentage exactly when it withholds the pace estimate (+117% on a base of 6)', () => {
    const small = payload('units', 20, 24, { soFar: 13, sameTimeLastWeek: 6 });
    expect(paceChange(small)).toBeNull();
    expect(runningWeekEstimate(small)).toBeNull();
    const fair = payload('units', 20, 24, { soFar: 15, sameTimeLastWeek: 10 });
    expect(paceChange(fair)).toBeCloseTo(0.5);
    expect(runningWeekEstimate(fair)).toBeCloseTo(36);
  });

  it('should withhold the week-over-week percentage when the week before is a small sample', () => {
    expect(weekChange(payload('units', 6, 13))).toBeNull();
    expect(weekChange(payload('events', 10, 13))).toBeCloseTo(0.3);
  });

  it('should judge a per-active-unit rate by its active units, not by the rate', () => {
    expect(weekChange(payload('perActiveUnit', 1.2, 1.5, undefined, 40))).toBeCloseTo(0.25);
    expect(weekChange(payload('perActiveUnit', 1.2, 1.5, undefined, 6))).toBeNull();
    expect(paceChange(payload('perActiveUnit', 1.2, 1.5, { soFar: 1.5, sameTimeLastWeek: 1.2 }, 6))).toBeNull();
  });

  it('should have no change without a week before', () => {
    expect(weekChange({ ...(payload('units', 20, 24) as object), current: null } as never)).toBeNull();
  });
});
