import type { MetricsPayload } from './payload.ts';

/**
 * Below this many units (or events) in the week compared against, a change is too noisy to read as
 * a percentage or to project: a Poisson count of 10 still moves about ±30%, and "+117%" on a base of
 * 6 reads as a trend that one more or one fewer unit would undo (issue 13, item 14).
 */
export const MIN_SAMPLE = 10;

/** The one small-sample rule: a change against `count` units or events is not shown as a percentage or pace estimate. */
export function isSmallSample(count: number): boolean {
  return count < MIN_SAMPLE;
}

type Payload = Pick<MetricsPayload, 'weeks' | 'pace' | 'metric'>;

/**
 * The count behind the running week's comparison with the same point last week: last week's units
 * or events so far; for a per-active-unit rate, the running week's active units (the rate's divisor).
 */
function paceSample(p: Payload): number {
  return p.metric.measure === 'perActiveUnit' ? (p.weeks[p.weeks.length - 1]?.activeUnits ?? 0) : p.pace.sameTimeLastWeek;
}

/**
 * Whether the running week's pace is too small a sample to read: then neither its "on pace for"
 * estimate (runningWeekEstimate) nor its change against the same point last week (paceChange) is shown.
 */
export function isSmallPace(p: Payload): boolean {
  return isSmallSample(paceSample(p));
}

/** The running week so far against the same point last week (soFar / sameTimeLastWeek − 1), or null for a small sample. */
export function paceChange(p: Payload): number | null {
  const { soFar, sameTimeLastWeek } = p.pace;
  return isSmallPace(p) || sameTimeLastWeek === 0 ? null : soFar / sameTimeLastWeek - 1;
}

/**
 * The latest complete week's change against the week before as a ratio (current.deltaPct), or null
 * when that week is a small sample: its value for counts, its active units for a per-active-unit rate.
 * The widget's headline and the server's badge both show this, never deltaPct directly.
 */
export function weekChange(p: Pick<MetricsPayload, 'weeks' | 'metric' | 'current'>): number | null {
  const c = p.current;
  if (!c || c.previous === null) return null;
  const before = p.weeks[p.weeks.findIndex((w) => w.start === c.week) - 1];
  return isSmallSample(p.metric.measure === 'perActiveUnit' ? (before?.activeUnits ?? 0) : c.previous) ? null : c.deltaPct;
}
