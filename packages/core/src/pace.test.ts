import { describe, expect, it } from 'vitest';
import { MIN_PACE_SAMPLE, runningWeekEstimate } from './pace.ts';

const payload = (measure: 'units' | 'events' | 'perActiveUnit', soFar: number, sameTimeLastWeek: number, activeUnits = 5) => ({
  metric: { measure },
  weeks: [
    { start: '2026-11-09', value: 180, activeUnits: 900, partial: false },
    { start: '2026-11-16', value: 200, activeUnits: 1000, partial: false },
    { start: '2026-11-23', value: soFar, activeUnits, partial: true },
  ],
  pace: { soFar, sameTimeLastWeek },
});

describe('runningWeekEstimate', () => {
  it('should project the last complete week by the pace against the same point last week', () => {
    expect(runningWeekEstimate(payload('units', 60, 50) as never)).toBe(240);
    expect(runningWeekEstimate(payload('events', 25, 50) as never)).toBe(100);
  });

  it('should not project from too few units at this point last week (Monday noise)', () => {
    expect(runningWeekEstimate(payload('units', 3, 1) as never)).toBeNull();
    expect(runningWeekEstimate(payload('units', 3, MIN_PACE_SAMPLE - 1) as never)).toBeNull();
    expect(runningWeekEstimate(payload('units', 0, MIN_PACE_SAMPLE) as never)).toBe(0);
  });

  it('should take the rate so far as the estimate of a per-active-unit rate', () => {
    expect(runningWeekEstimate(payload('perActiveUnit', 1.4, 1.2, MIN_PACE_SAMPLE) as never)).toBe(1.4);
    expect(runningWeekEstimate(payload('perActiveUnit', 1.4, 1.2, MIN_PACE_SAMPLE - 1) as never)).toBeNull();
    expect(runningWeekEstimate(payload('perActiveUnit', 0, 1.2, 0) as never)).toBeNull();
  });

  it('should give no estimate without a running week or a complete week before it', () => {
    const p = payload('units', 60, 50);
    expect(runningWeekEstimate({ ...p, weeks: p.weeks.slice(0, 2) } as never)).toBeNull();
    expect(runningWeekEstimate({ ...p, weeks: p.weeks.slice(2) } as never)).toBeNull();
  });
});
