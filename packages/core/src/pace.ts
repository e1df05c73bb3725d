import type { MetricsPayload } from './payload.ts';

/**
 * Below this many units (or events) at the same point last week, the running week's pace is too
 * noisy to project: on a Monday evening "3 against 1" would project a tripled week. A Poisson count
 * of 10 still moves about ±30%, which is as much noise as a dotted estimate line should carry.
 */
export const MIN_PACE_SAMPLE = 10;

/**
 * The running week's "on pace for" estimate, which trend lines draw instead of its "so far" value
 * (that would read as a crash every Monday). For counts: the previous complete week's value scaled
 * by soFar / sameTimeLastWeek, once last week had at least MIN_PACE_SAMPLE at this point. For
 * perActiveUnit the rate so far already estimates the week's rate. null when there is no fair
 * estimate: the week is then left off the line and only its "so far" is shown as text.
 * Used by the widget's chart and sparkline and by the server's SVG badge, so they agree.
 */
export function runningWeekEstimate(p: Pick<MetricsPayload, 'weeks' | 'pace' | 'metric'>): number | null {
  const last = p.weeks.length - 1;
  const running = p.weeks[last];
  const before = p.weeks[last - 1];
  if (!running?.partial || before === undefined || before.partial) return null;
  const { soFar, sameTimeLastWeek } = p.pace;
  if (p.metric.measure === 'perActiveUnit') return running.activeUnits > 0 ? soFar : null;
  return sameTimeLastWeek >= MIN_PACE_SAMPLE ? before.value * (soFar / sameTimeLastWeek) : null;
}
