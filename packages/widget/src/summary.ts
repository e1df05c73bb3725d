/**
 * Reads a payload's headline the way a person should: is there data at all, is the latest move
 * real. Pure functions of the payload, in the first paint. The running week's line values live in
 * explain.ts with the details that draw them (they pull in core's pace rule); they are re-exported
 * here for the package's API.
 */
import type { MetricsPayload } from '@northstar/core';

export { lineValues, type RunningPace, runningPace, unitNoun } from './explain.ts';

/** No events at all in the range: the tracker is probably not installed yet. */
export function isEmpty(p: MetricsPayload): boolean {
  return p.weeks.every((w) => w.value === 0 && w.activeUnits === 0);
}

/** The last week is the running one: the pace line and the running week's point have a place to hold. */
export function hasRunningWeek(p: MetricsPayload): boolean {
  return p.weeks[p.weeks.length - 1]?.partial === true;
}

export interface TrendReading {
  kind: 'signal' | 'noise' | 'flat';
  text: string;
}

/** Signal vs normal variation, per DESIGN.md: one week's move is noise, two in a row a signal. */
export function readTrend(p: MetricsPayload): TrendReading {
  const t = p.trend;
  if (t.signal) return { kind: 'signal', text: `Signal: ${t.direction} ${t.consecutiveWeeks} weeks in a row` };
  if (t.direction === 'flat') return { kind: 'flat', text: 'No change from the week before' };
  return { kind: 'noise', text: 'Normal variation: a one-week move is not a trend yet' };
}
