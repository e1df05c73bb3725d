import type { MetricsPayload } from './payload.ts';
import { isSmallPace, MIN_SAMPLE } from './small-sample.ts';

/**
 * Below this many units (or events) at the same point last week, the running week's pace is too
 * noisy to project: on a Monday evening "3 against 1" would project a tripled week. The rule is
 * small-sample.ts's, which also withholds the pace's percentage.
 */
export const MIN_PACE_SAMPLE = MIN_SAMPLE;

/**
 * The running week's "on pace for" estimate, which trend lines draw instead of its "so far" value
 * (that would read as a crash every Monday). For counts: the previous complete week's value scaled
 * by soFar / sameTimeLastWeek, once last week had at least MIN_PACE_SAMPLE at this point. For
 * perActiveUnit the rate so far already estimates the week's rate, once it is over MIN_PACE_SAMPLE
 * active units. null when there is no fair
 * estimate: the week is then left off the line and only its "so far" is shown as text.
 * Used by the widget's chart and sparkline and by the server's SVG badge, so they agree.
 */
export function runningWeekEstimate(p: Pick<MetricsPayload, 'weeks' | 'pace' | 'metric'>): number | null {
  const last = p.weeks.length - 1;
  const running = p.weeks[last];
  const before = p.weeks[last - 1];
  if (!running?.partial || before === undefined || before.partial) return null;
  if (isSmallPace(p)) return null;
  const { soFar, sameTimeLastWeek } = p.pace;
  return p.metric.measure === 'perActiveUnit' ? soFar : before.value * (soFar / sameTimeLastWeek);
}
