/**
 * The running week as the badge's line draws it: at its "on pace for" estimate (core's
 * runningWeekEstimate, the rule the widget's chart and sparkline use), never at its "so far" value,
 * which would read as a crash every Monday (issue 5).
 */
import { type MetricsPayload, runningWeekEstimate } from '@northstar/core';

/** The values a trend line draws: complete weeks as they are, the running week at its estimate or null (left out). */
export function lineValues(p: MetricsPayload): (number | null)[] {
  const last = p.weeks.length - 1;
  return p.weeks.map((w, i) => (i === last && w.partial ? runningWeekEstimate(p) : w.value));
}
