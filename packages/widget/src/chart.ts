/**
 * The trend chart: uPlot, loaded as its own chunk (widget-chart.js) after the number has painted,
 * so a page with many widgets shows every number before any chart code is parsed.
 */
import uPlot from 'uplot';
import { adoptSheet } from './styles.ts';

export interface ChartInput {
  /** Week starts, seconds since epoch of the local date read as UTC (see chart-view.tsx weekSeconds). */
  xs: number[];
  /** Each week's value; the running week's is its pace estimate, or null when that is unknown (not drawn). */
  values: (number | null)[];
  /** Index of the running week, drawn dotted and never as part of the solid trend; -1 if none. */
  running: number;
  target: number | null;
  formatX: (seconds: number) => string;
  formatY: (value: number) => string;
  colors: { fg: string; muted: string; border: string; accent: string; target: string; bg: string };
  /** Called with the hovered or focused week's index, or null when the cursor leaves. */
  onPoint: (index: number | null) => void;
}

export interface Chart {
  resize(width: number, height: number): void;
  /** Moves the cursor to a week (keyboard focus), or hides it with null. */
  point(index: number | null): void;
  destroy(): void;
}

// Only the rules uPlot needs with its legend off; adopted once per shadow root, beside the widget's own sheet.
const CSS =
  '.u-wrap{position:relative;user-select:none}.u-over,.u-under{position:absolute}.u-under{overflow:hidden}.uplot canvas{display:block;position:relative;width:100%;height:100%}.u-axis{position:absolute}.u-select{position:absolute;pointer-events:none}.u-cursor-x,.u-cursor-y{position:absolute;left:0;top:0;pointer-events:none}.u-hz .u-cursor-x{height:100%;border-right:1px dashed currentColor}.u-hz .u-cursor-y{display:none}.u-cursor-pt{position:absolute;top:0;left:0;border-radius:50%;border:0 solid;pointer-events:none;background-clip:padding-box!important}.u-axis.u-off,.u-select.u-off,.u-cursor-x.u-off,.u-cursor-y.u-off,.u-cursor-pt.u-off{display:none}';

const FONT = '11px system-ui,sans-serif';
/** Space between two x-axis labels, in CSS px. */
const LABEL_GAP = 12;

/**
 * The x axis's ticks: week starts only (uPlot's own time ticks fall every 4, 5, 9 or 15 days and
 * miss the points), every k-th week counted back from the latest, k = 1, 2, 4, 8… the smallest that
 * keeps the widest label, as measured in the axis font and the locale, clear of the next one at
 * this width (issue 13, item 2).
 */
function weekTicks(xs: number[], formatX: (seconds: number) => string): uPlot.Axis.Splits {
  const ctx = document.createElement('canvas').getContext('2d');
  if (ctx) ctx.font = FONT;
  // No 2D context (never in a browser that runs the chart): assume 7 px a character.
  const widest = Math.max(...xs.map((s) => (ctx ? ctx.measureText(formatX(s)).width : formatX(s).length * 7)));
  return (u) => {
    const perWeek = u.bbox.width / uPlot.pxRatio / Math.max(1, xs.length - 1);
    let k = 1;
    while (k < xs.length && k * perWeek < widest + LABEL_GAP) k *= 2;
    return xs.filter((_, i) => (xs.length - 1 - i) % k === 0);
  };
}

/** Draws the chart into `el` (which sets its size) and returns handles for resize, focus and cleanup. */
export function createChart(el: HTMLElement, input: ChartInput, width: number, height: number): Chart {
  const root = el.getRootNode();
  if (root instanceof ShadowRoot) adoptSheet(root, CSS);
  const { xs, values, running, target, colors: c } = input;
  // Two series so the running week can be dotted: the complete weeks solid, and a dotted segment
  // from the last complete week to the running week's pace estimate (never its "so far": issue 5).
  const solid = values.map((v, i) => (i === running ? null : v));
  const dotted = values.map((v, i) => (running > 0 && values[running] !== null && (i === running || i === running - 1) ? v : null));
  const data: uPlot.AlignedData = [xs, solid, dotted];
  const many = xs.length > 60;
  const series: uPlot.Series[] = [
    {},
    { stroke: c.accent, width: 2, points: { show: !many, size: 5, fill: c.accent } },
    { stroke: c.accent, width: 2, dash: [3, 4], points: { show: true, size: 6, fill: c.bg, stroke: c.accent } },
  ];
  if (target !== null) {
    data.push(xs.map(() => target));
    series.push({ stroke: c.target, width: 1.5, dash: [8, 5], points: { show: false } });
  }
  const axis = (values: uPlot.Axis['values'], size?: number): uPlot.Axis => ({
    stroke: c.muted,
    grid: { stroke: c.border, width: 1 },
    ticks: { show: false },
    font: FONT,
    values,
    // Only when given: an explicit undefined would replace uPlot's default size function.
    ...(size ? { size } : {}),
  });
  const x = axis((_u, splits) => splits.map(input.formatX));
  x.splits = weekTicks(xs, input.formatX);
  const u = new uPlot(
    {
      width,
      height,
      legend: { show: false },
      // Room on the right so the running week's point is not cut in half at the edge.
      padding: [8, 24, 0, 0],
      // Week starts are UTC-encoded local dates; format them in UTC so they never shift a day.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      cursor: { drag: { x: false, y: false }, y: false, points: { size: 8 } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.12 : 1] } },
      axes: [x, axis((_u, splits) => splits.map(input.formatY), 48)],
      series,
      hooks: { setCursor: [(u) => input.onPoint(u.cursor.idx ?? null)] },
    },
    data,
    el,
  );
  return {
    resize: (w, h) => u.setSize({ width: w, height: h }),
    point(index) {
      if (index === null) {
        u.setCursor({ left: -10, top: -10 });
        return;
      }
      const v = values[index] ?? 0;
      u.setCursor({ left: u.valToPos(xs[index]!, 'x'), top: u.valToPos(v, 'y') });
    },
    destroy: () => u.destroy(),
  };
}
