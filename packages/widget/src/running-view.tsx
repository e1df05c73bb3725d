/**
 * The running week's pieces of the card: the sparkline (narrow and compact layouts) and the pace
 * line. They need core's pace rule (explain.ts), so they come with the details chunk; view.tsx holds
 * their boxes with skeletons of the same size until then.
 */
import type { MetricsPayload } from '@northstar/core';
import { lineValues, runningPace } from './explain.ts';
import { formatChangePct, formatValue } from './format.ts';

export function Sparkline({ p }: { p: MetricsPayload }) {
  const vs = lineValues(p);
  if (vs.length < 2) return null;
  const max = Math.max(...vs.map((v) => v ?? 0), p.metric.target ?? 0) || 1;
  const pt = (i: number) => `${((i / (vs.length - 1)) * 100).toFixed(2)},${(30 - ((vs[i] ?? 0) / max) * 28).toFixed(2)}`;
  const r = runningPace(p);
  const solid = vs.flatMap((_, i) => (i === r?.index ? [] : [pt(i)])).join(' ');
  // The running week at its pace estimate, dotted; left out when its pace is unknown (explain.ts).
  const tail = r && r.estimate !== null && r.index > 0 ? `${pt(r.index - 1)} ${pt(r.index)}` : '';
  return (
    <svg class="sparkline" part="sparkline" viewBox="0 0 100 32" preserveAspectRatio="none" aria-hidden="true">
      <polyline points={solid} vector-effect="non-scaling-stroke" />
      {tail && <polyline class="running" points={tail} vector-effect="non-scaling-stroke" />}
    </svg>
  );
}

export function Pace({ p, locale }: { p: MetricsPayload; locale: string | undefined }) {
  const r = runningPace(p);
  if (!r) return null;
  const { soFar, sameTimeLastWeek } = p.pace;
  const m = p.metric.measure;
  // Read as pace, never as a drop: the running week is compared with last week at the same point.
  const pct = sameTimeLastWeek === 0 ? '' : ` (${formatChangePct(soFar / sameTimeLastWeek - 1, locale)})`;
  return (
    <p class="pace" part="pace">
      This week so far: <strong>{formatValue(soFar, m, locale)}</strong> · at this point last week:{' '}
      {formatValue(sameTimeLastWeek, m, locale)}
      {pct}
      {r.estimate === null ? '' : ` · on pace for ≈ ${formatValue(r.estimate, m, locale)}`}
    </p>
  );
}
