import { lean, type MetricsPayload, MetricsPayloadHeadMini } from '@northstar/core';
import { h } from 'preact';
import { ATTRIBUTES, parseAttributes, type WidgetOptions } from './attributes.ts';
import { LiveElement, type LiveState } from './live-element.ts';
import { loadPayload } from './load.ts';
import { View } from './view.tsx';

export { REFRESH_MS } from './live-element.ts';

// The cached copy is checked like a fresh one, but for the definition, which details.tsx checks where it shows it.
const Cached = lean.object({ payload: MetricsPayloadHeadMini }) as unknown as lean.LeanSchema<{ payload: MetricsPayload }>;

/**
 * `<north-star-metric>`: the weekly North Star number, its trend and what moves it.
 *
 * @attr src - URL of GET /v1/metrics/:id on a Northstar server (required).
 * @attr token - a read token that may see the metric.
 * @attr weeks - how many weeks to show, 1..520 (default 12), ending with the running week.
 * @attr theme - light | dark | auto (default auto: the page's color-scheme where it sets one, else prefers-color-scheme).
 * @attr locale - BCP 47 tag for numbers and dates (default: the browser's language).
 * @attr compact - present: only name, number, delta and sparkline (as in narrow containers).
 *
 * @event northstar-load - a payload was rendered; detail: { payload, freshness: 'fresh' | 'revalidating' | 'offline' }.
 * @event northstar-error - loading failed or an attribute is invalid; detail: { code, message }.
 * @event northstar-chart - the trend chart has painted.
 *
 * @csspart base - the card around everything (also `error` or `empty` in those states).
 * @csspart header - name and sentence.
 * @csspart name - the metric's name (the error title in the error state).
 * @csspart sentence - the one-sentence definition.
 * @csspart headline - value, period, delta, trend reading and sparkline.
 * @csspart value - the latest complete week's value.
 * @csspart period - "week of …" and the target.
 * @csspart delta - the change against the week before, in units and %.
 * @csspart trend - "Signal: …" or "Normal variation: …".
 * @csspart sparkline - the small trend line, shown in narrow/compact layouts.
 * @csspart pace - the running week so far against the same point last week.
 * @csspart chart - the trend chart.
 * @csspart readout - the hovered or focused week's value.
 * @csspart table - the weeks as a table (the chart's text alternative).
 * @csspart supporting - activation, retention and funnel drop-off.
 * @csspart activation - @csspart retention - @csspart dropoff - one supporting metric each.
 * @csspart definition - the "how it's counted" disclosure.
 * @csspart status - "as of …", offline and updating labels.
 * @csspart message - the explanation in the error and empty states.
 * @csspart snippet - the tracker snippet in the empty state.
 *
 * @cssproperty --northstar-bg - card background.
 * @cssproperty --northstar-fg - main text colour.
 * @cssproperty --northstar-muted - secondary text colour.
 * @cssproperty --northstar-border - card border and grid lines.
 * @cssproperty --northstar-accent - trend line and focus ring.
 * @cssproperty --northstar-up - a signal upward move.
 * @cssproperty --northstar-down - a signal downward move and errors.
 * @cssproperty --northstar-target - the target line.
 * @cssproperty --northstar-font - font family.
 * @cssproperty --northstar-font-size - base font size (default 14px).
 * @cssproperty --northstar-radius - card corner radius (default 12px).
 * @cssproperty --northstar-padding - card padding (default 16px).
 * @cssproperty --northstar-chart-height - chart height (default 160px).
 */
export class NorthStarMetric extends LiveElement<WidgetOptions, { payload: MetricsPayload }> {
  static observedAttributes: readonly string[] = ATTRIBUTES;

  protected parse(): WidgetOptions {
    return parseAttributes(Object.fromEntries(ATTRIBUTES.map((a) => [a, this.getAttribute(a)])), document.baseURI);
  }

  constructor() {
    super(Cached);
  }

  protected key(o: WidgetOptions): string {
    return `${o.src}#${o.weeks}`;
  }

  protected async load(o: WidgetOptions, signal: AbortSignal) {
    return { payload: await loadPayload(o.src, o.weeks, o.token, signal) };
  }

  protected view(state: LiveState<{ payload: MetricsPayload }>, o: WidgetOptions | undefined, dark: boolean) {
    return h(View, { state, locale: o?.locale, dark, compact: o?.compact, src: o?.src });
  }
}

/** Registers `<north-star-metric>` once (a second copy of widget.js on the page is harmless). */
export function defineNorthStarMetric(name = 'north-star-metric'): void {
  if (!customElements.get(name)) customElements.define(name, NorthStarMetric);
}
