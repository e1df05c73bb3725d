import type { MetricsPayload } from '@northstar/core';
import { describe, expect, it } from 'vitest';
import { lineValues } from './pace.ts';

/** Only the fields the rule reads: metric.measure, weeks (oldest first) and pace. */
function payload(values: number[], runningSoFar: number | null, pace = { soFar: 0, sameTimeLastWeek: 0 }): MetricsPayload {
  const weeks = values.map((value, i) => ({ start: `2026-11-0${i + 1}`, value, activeUnits: value, partial: false }));
  if (runningSoFar !== null) weeks.push({ start: '2026-11-23', value: runningSoFar, activeUnits: runningSoFar, partial: true });
  return { metric: { measure: 'units' }, weeks, pace } as unknown as MetricsPayload;
}

// The rule itself is core's runningWeekEstimate (pace.test.ts there); these pin that the badge uses it.
describe('lineValues (the running week on the badge line)', () => {
  it('should draw the running week at the previous complete week scaled by pace, not at its so-far value', () => {
    expect(lineValues(payload([200, 240], 30, { soFar: 30, sameTimeLastWeek: 40 }))).toEqual([200, 240, 180]);
  });

  it('should leave the running week off the line when there is no fair estimate', () => {
    expect(lineValues(payload([200, 240], 3, { soFar: 3, sameTimeLastWeek: 1 }))).toEqual([200, 240, null]);
    expect(lineValues(payload([], 3, { soFar: 3, sameTimeLastWeek: 20 }))).toEqual([null]);
  });

  it('should keep complete weeks as they are', () => {
    expect(lineValues(payload([5, 0, 7], null, { soFar: 9, sameTimeLastWeek: 1 }))).toEqual([5, 0, 7]);
  });
});
