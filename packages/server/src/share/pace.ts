/**
 * The running week as a line draws it: at its "on pace for" estimate, never at its "so far" value,
 * which would read as a crash every Monday (issue 5). The widget applies the same rule in its
 * summary.ts (runningPace); the badge cannot import the widget's browser code, so the rule is
 * restated here and both are unit-tested against the same cases.
 */
import type { MetricsPayload } from '@northstar/core';

/**
 * The values a trend line draws: complete weeks as they are; the running week as the previous
 * complete week's value × soFar / sameTimeLastWeek, or null (left out of the line) when nothing had
 * happened at this point last week or there is no complete week before it.
 */
export function lineValues(p: MetricsPayload): (number | null)[] {
  const last = p.weeks.length - 1;
  return p.weeks.map((w, i) => {
    if (i !== last || !w.partial) return w.value;
    const before = p.weeks[i - 1];
    const { soFar, sameTimeLastWeek } = p.pace;
    return before !== undefined && !before.partial && sameTimeLastWeek > 0 ? before.value * (soFar / sameTimeLastWeek) : null;
  });
}
