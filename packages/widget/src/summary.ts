/**
 * Reads a payload's headline the way a person should: is there data at all, is there a running
 * week, is the latest move real. Pure functions of the payload (explain.ts has the details' ones).
 */
import { type MetricsPayload, runningWeekEstimate } from '@northstar/core';

/** No events at all in the range: the tracker is probably not installed yet. */
export function isEmpty(p: MetricsPayload): boolean {
  return p.weeks.every((w) => w.value === 0 && w.activeUnits === 0);
}

export interface RunningPace {
  /** Index of the running week in p.weeks. */
  index: number;
  soFar: number;
  /**
   * The week's value "on pace for" (core's runningWeekEstimate). null when there is no fair
   * estimate: the week is then left out of every line and only its "so far" is shown as text.
   */
  estimate: number | null;
}

/**
 * The running week as the lines draw it (chart, sparkline; the server's badge uses the same
 * core rule). Drawing its "so far" value would read as a crash every Monday (issue 5).
 */
export function runningPace(p: MetricsPayload): RunningPace | undefined {
  const index = p.weeks.length - 1;
  if (!p.weeks[index]?.partial) return undefined;
  return { index, soFar: p.pace.soFar, estimate: runningWeekEstimate(p) };
}

/** The values a trend line draws: complete weeks as they are, the running week at its pace estimate (or null). */
export function lineValues(p: MetricsPayload): (number | null)[] {
  const r = runningPace(p);
  return p.weeks.map((w, i) => (r && i === r.index ? r.estimate : w.value));
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
