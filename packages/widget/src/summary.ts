/**
 * Reads a payload's headline the way a person should: is there data at all, is there a running
 * week, is the latest move real. Pure functions of the payload (explain.ts has the details' ones).
 */
import type { MetricsPayload } from '@northstar/core';

/** No events at all in the range: the tracker is probably not installed yet. */
export function isEmpty(p: MetricsPayload): boolean {
  return p.weeks.every((w) => w.value === 0 && w.activeUnits === 0);
}

/** The running (partial) week, if the range ends with one. */
export function runningWeek(p: MetricsPayload) {
  const last = p.weeks[p.weeks.length - 1];
  return last?.partial ? last : undefined;
}

/** Plural noun of the counting unit: "users", or the group type ("teams"). */
export function unitNoun(unit: string): string {
  return unit === 'user' ? 'users' : unit.endsWith('s') ? unit : `${unit}s`;
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
