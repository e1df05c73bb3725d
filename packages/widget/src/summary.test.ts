import type { MetricsPayload } from '@northstar/core';
import { describe, expect, it } from 'vitest';
import { emptyPayload, knownPayload } from '../test/fixtures.ts';
import { lineValues, runningPace, runningText, supportingOf } from './explain.ts';
import { supportingCount } from './summary.ts';

/** Only the fields the rule reads: metric.measure, weeks (oldest first) and pace. */
function payload(values: number[], runningSoFar: number | null, pace = { soFar: 0, sameTimeLastWeek: 0 }): MetricsPayload {
  const weeks = values.map((value, i) => ({ start: `2026-11-0${i + 1}`, value, activeUnits: value, partial: false }));
  if (runningSoFar !== null) weeks.push({ start: '2026-11-23', value: runningSoFar, activeUnits: runningSoFar, partial: true });
  return { metric: { measure: 'units' }, weeks, pace } as unknown as MetricsPayload;
}

// The same cases as the server's share/pace.test.ts: chart, sparkline and badge draw one rule.
describe('the running week on a line', () => {
  it('should draw the running week at the previous complete week scaled by pace, not at its so-far value', () => {
    expect(lineValues(payload([200, 240], 30, { soFar: 30, sameTimeLastWeek: 40 }))).toEqual([200, 240, 180]);
    expect(runningPace(payload([200, 240], 30, { soFar: 30, sameTimeLastWeek: 40 }))).toEqual({ index: 2, soFar: 30, estimate: 180 });
  });

  it('should put a running week ahead of last week above it', () => {
    expect(lineValues(payload([100], 60, { soFar: 60, sameTimeLastWeek: 40 }))).toEqual([100, 150]);
  });

  it('should leave the running week out of the line when nothing had happened at this point last week', () => {
    expect(lineValues(payload([0, 240], 3, { soFar: 3, sameTimeLastWeek: 0 }))).toEqual([0, 240, null]);
  });

  it('should leave the running week out while last week had too few at this point to project from (Monday noise)', () => {
    expect(lineValues(payload([200, 240], 3, { soFar: 3, sameTimeLastWeek: 1 }))).toEqual([200, 240, null]);
  });

  it('should leave the running week out when there is no complete week before it', () => {
    expect(lineValues(payload([], 3, { soFar: 3, sameTimeLastWeek: 2 }))).toEqual([null]);
  });

  it('should keep complete weeks as they are and report no running week', () => {
    expect(lineValues(payload([5, 0, 7], null, { soFar: 9, sameTimeLastWeek: 1 }))).toEqual([5, 0, 7]);
    expect(runningPace(payload([5, 0, 7], null))).toBeUndefined();
  });
});

describe('runningText', () => {
  it('should label the running week as so far and on pace for, never as a finished value', () => {
    expect(runningText(payload([200, 240], 30, { soFar: 30, sameTimeLastWeek: 40 }), 'en-US')).toBe('so far: 30 · on pace for ≈ 180');
  });

  it('should show only the so-far value when the pace is unknown', () => {
    expect(runningText(payload([0, 240], 3, { soFar: 3, sameTimeLastWeek: 0 }), 'en-US')).toBe('so far: 3');
  });
});

describe('supportingCount', () => {
  const listed = (p: MetricsPayload) => {
    const s = supportingOf(p);
    return (s.activation ? 1 : 0) + s.retention.length + (s.dropoff ? 1 : 0);
  };

  it('should count the lines the supporting metrics will show, so their skeleton has their height', () => {
    const noFunnel = knownPayload();
    noFunnel.funnel!.biggestDropoff = null;
    const oneK = knownPayload();
    oneK.retention!.weeks = [1];
    oneK.retention!.cohorts = oneK.retention!.cohorts.map((c) => ({ ...c, retained: c.retained.slice(0, 1) }));
    const cases: [MetricsPayload, number][] = [
      [knownPayload(), 4],
      [knownPayload(1), 0],
      [knownPayload(2), 1],
      [knownPayload(3), 3],
      [noFunnel, 3],
      [oneK, 3],
      [emptyPayload(), listed(emptyPayload())],
    ];
    for (const [p, n] of cases) {
      expect(supportingCount(p)).toBe(n);
      expect(supportingCount(p)).toBe(listed(p));
    }
  });
});
