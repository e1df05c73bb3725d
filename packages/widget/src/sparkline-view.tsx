/** @jsxRuntime classic */
/** @jsx h */
// Classic JSX through preact's h, as in view.tsx (no preact/jsx-runtime in any chunk).
/**
 * The sparkline of the narrow and compact layouts. It draws the running week at its pace estimate
 * (lineValues, explain.ts), so it comes with the details chunk; view.tsx holds its fixed-size box
 * with a skeleton until then.
 */
import type { MetricsPayload } from '@northstar/core';
// biome-ignore lint/correctness/noUnusedImports: h (and Fragment) are used by the classic JSX pragma above
import { h } from 'preact';
import { lineValues, runningPace } from './explain.ts';
import { formatValue } from './format.ts';

/**
 * The line, and under it what its dotted end is: the compact card hides the pace line, so without
 * this the running week's estimate would be drawn but never named (issue 13, item 11); one short
 * line, estimate first, so a 300 px card still shows the number. The box has
 * the same height with or without the note (styles.ts .sparkline), as its skeleton.
 */
export function Sparkline({ p, locale }: { p: MetricsPayload; locale: string | undefined }) {
  const vs = lineValues(p);
  if (vs.length < 2) return null;
  const max = Math.max(...vs.map((v) => v ?? 0), p.metric.target ?? 0) || 1;
  const pt = (i: number) => `${((i / (vs.length - 1)) * 100).toFixed(2)},${(30 - ((vs[i] ?? 0) / max) * 28).toFixed(2)}`;
  const r = runningPace(p);
  const format = (v: number) => formatValue(v, p.metric.measure, locale);
  const solid = vs.flatMap((_, i) => (i === r?.index ? [] : [pt(i)])).join(' ');
  // The running week at its pace estimate, dotted; left out when its pace is unknown (explain.ts).
  const tail = r && r.estimate !== null && r.index > 0 ? `${pt(r.index - 1)} ${pt(r.index)}` : '';
  return (
    <div class="sparkline" part="sparkline">
      <svg viewBox="0 0 100 32" preserveAspectRatio="none" aria-hidden="true">
        <polyline points={solid} vector-effect="non-scaling-stroke" />
        {tail && <polyline class="running" points={tail} vector-effect="non-scaling-stroke" />}
      </svg>
      {r && <p class="note">{tail ? `Dotted: this week, on pace for ≈ ${format(r.estimate!)}` : `This week so far: ${format(r.soFar)}`}</p>}
    </div>
  );
}
