/** @jsxRuntime classic */
/** @jsx h */
// Classic JSX through preact's h, as in view.tsx (no preact/jsx-runtime in any chunk).
/**
 * The chart slot: holds the chart's height from the first paint (no layout shift), then loads the
 * uPlot chunk once it has a width and draws. Keyboard: focus the chart and use the arrow keys, Home
 * and End to read each week; the readout is announced politely.
 *
 * A class component rather than hooks: preact/hooks would add ≈ 1 KB gzip to a tight budget.
 */
import type { MetricsPayload } from '@northstar/core';
// biome-ignore lint/correctness/noUnusedImports: h (and Fragment) are used by the classic JSX pragma above
import { Component, createRef, h } from 'preact';
import type { Chart } from './chart.ts';
import { lineValues, runningPace, runningText } from './explain.ts';
import { formatValue, formatWeek } from './format.ts';

interface Props {
  payload: MetricsPayload;
  locale: string | undefined;
  /** The colour scheme drawn in: a change (theme attribute, page or OS scheme) redraws the canvas. */
  dark: boolean;
}

const prop = (el: Element, name: string) => getComputedStyle(el).getPropertyValue(name).trim();

/** Seconds since epoch of a local week start ("2026-11-16" read as UTC), for the x axis (uPlot counts in seconds). */
const weekSeconds = (start: string) => Date.parse(start) / 1000;

export class ChartView extends Component<Props, { index: number | null }> {
  box = createRef<HTMLDivElement>();
  chart: Chart | null = null;
  ro: ResizeObserver | undefined;
  drawn = 0;
  override state = { index: null as number | null };

  override componentDidMount() {
    const el = this.box.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    this.ro = new ResizeObserver((entries) => {
      const r = entries[0]?.contentRect;
      if (r) void this.draw(Math.floor(r.width), Math.floor(r.height));
    });
    this.ro.observe(el);
  }

  override componentDidUpdate(prev: Props) {
    if (prev.payload !== this.props.payload || prev.locale !== this.props.locale || prev.dark !== this.props.dark) this.redraw();
  }

  override componentWillUnmount() {
    this.ro?.disconnect();
    this.destroy();
  }

  destroy() {
    this.chart?.destroy();
    this.chart = null;
    this.drawn++;
  }

  redraw = () => {
    this.destroy();
    const r = this.box.current?.getBoundingClientRect();
    if (r) void this.draw(Math.floor(r.width), Math.floor(r.height));
  };

  async draw(width: number, height: number) {
    if (this.chart) return this.chart.resize(width, height);
    const el = this.box.current;
    if (!el || width <= 0 || height <= 0) return;
    const ticket = ++this.drawn;
    let createChart: typeof import('./chart.ts').createChart;
    try {
      ({ createChart } = await import('./chart.ts'));
    } catch {
      // The chart chunk did not load (offline, or not served): the table below still has every week.
      return;
    }
    // A newer draw (resize, new payload, theme) started while the chunk loaded.
    if (ticket !== this.drawn || !this.box.current) return;
    const { payload: p, locale } = this.props;
    const weeks = p.weeks;
    const measure = p.metric.measure;
    this.chart = createChart(
      el,
      {
        xs: weeks.map((w) => weekSeconds(w.start)),
        values: lineValues(p),
        running: runningPace(p)?.index ?? -1,
        target: p.metric.target,
        formatX: (s) => formatWeek(new Date(s * 1000).toISOString().slice(0, 10), locale, false),
        formatY: (v) => formatValue(v, measure, locale),
        colors: {
          fg: prop(el, '--_fg'),
          muted: prop(el, '--_muted'),
          border: prop(el, '--_border'),
          accent: prop(el, '--_accent'),
          target: prop(el, '--_target'),
          bg: prop(el, '--_bg'),
        },
        onPoint: (index) => this.setState({ index }),
      },
      width,
      height,
    );
    el.dispatchEvent(new CustomEvent('northstar-chart', { bubbles: true, composed: true }));
  }

  onKeyDown = (e: KeyboardEvent) => {
    const last = this.props.payload.weeks.length - 1;
    const index = this.state.index;
    const next =
      e.key === 'ArrowLeft'
        ? Math.max(0, (index ?? last + 1) - 1)
        : e.key === 'ArrowRight'
          ? Math.min(last, (index ?? -1) + 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    this.setState({ index: next });
    this.chart?.point(next);
  };

  onBlur = () => {
    this.setState({ index: null });
    this.chart?.point(null);
  };

  override render({ payload: p, locale }: Props, { index }: { index: number | null }) {
    const week = index === null ? undefined : p.weeks[index];
    return (
      <figure class="chart" part="chart">
        <div
          ref={this.box}
          class="plot"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can step through the weeks with the arrow keys
          tabIndex={0}
          role="img"
          aria-label={`Trend of the last ${p.weeks.length} weeks${p.metric.target !== null ? ' with the target line' : ''}. Arrow keys read each week; the table below lists them.`}
          onKeyDown={this.onKeyDown}
          onBlur={this.onBlur}
        />
        <p class="readout" part="readout" aria-live="polite">
          {week
            ? `Week of ${formatWeek(week.start, locale)}${week.partial ? ` (${runningText(p, locale)})` : `: ${formatValue(week.value, p.metric.measure, locale)}`}`
            : ''}
        </p>
      </figure>
    );
  }
}
