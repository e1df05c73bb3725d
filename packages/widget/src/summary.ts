/**
 * Reads a payload's headline the way a person should: is there data at all, is there a running
 * week, is the latest move real. Pure functions of the payload, in the first paint. The running
 * week's line values live in explain.ts with the details that draw them.
 */
import type { MetricsPayload } from '@northstar/core';

/** No events at all in the range: the tracker is probably not installed yet. */
export function isEmpty(p: MetricsPayload): boolean {
  // Values are finite numbers, so !x is x === 0 (shorter in the first-paint bundle).
  return p.weeks.every((w) => !w.value && !w.activeUnits);
}

/** The last week is the running one (its pace line is shown). */
export function hasRunningWeek(p: MetricsPayload): boolean {
  return p.weeks[p.weeks.length - 1]?.partial === true;
}

/**
 * How many supporting metrics the details will list (explain.ts supportingOf: activation of a
 * closed week, week-1 and last retention where a cohort has them, the biggest drop-off), so their
 * skeleton holds one line each until the details chunk arrives.
 */
export function supportingCount(p: MetricsPayload): number {
  // A part the metric leaves out is null (decision D1) and adds no line. Without retention ks is
  // undefined, so both comparisons are false and has() never runs. (Written for bytes: first paint.)
  const ks = p.retention?.weeks.length as number;
  const has = (i: number) => p.retention!.cohorts.some((c) => c.retained[i] != null);
  return +(ks > 0 && has(0)) + +(ks > 1 && has(ks - 1)) + +!!p.activation?.weeks.some((w) => !w.partial) + +!!p.funnel?.biggestDropoff;
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
