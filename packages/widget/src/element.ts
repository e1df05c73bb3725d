import { h, render } from 'preact';
import { ATTRIBUTES, AttributeError, parseAttributes, type WidgetOptions } from './attributes.ts';
import { readCached, writeCached } from './cache.ts';
import { LoadError, loadPayload } from './load.ts';
import { adoptStyles } from './styles.ts';
import { View, type ViewState } from './view.tsx';

/** How often a visible widget refreshes: the running week moves, the rest changes weekly. */
export const REFRESH_MS = 5 * 60 * 1000;

/**
 * `<north-star-metric>`: the weekly North Star number, its trend and what moves it.
 *
 * @attr src - URL of GET /v1/metrics/:id on a Northstar server (required).
 * @attr token - a read token that may see the metric.
 * @attr weeks - how many weeks to show, 1..520 (default 12), ending with the running week.
 * @attr theme - light | dark | auto (default auto: follows prefers-color-scheme).
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
export class NorthStarMetric extends HTMLElement {
  static observedAttributes = [...ATTRIBUTES];

  #root: ShadowRoot;
  #options: WidgetOptions | undefined;
  #state: ViewState = { kind: 'loading' };
  #abort: AbortController | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastLoad = 0;
  #queued = false;
  #shownKey = '';

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    adoptStyles(this.#root);
  }

  /** The state currently shown (for tests and host pages that want to react to it). */
  get state(): ViewState {
    return this.#state;
  }

  connectedCallback() {
    this.#render();
    this.#schedule();
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, REFRESH_MS);
  }

  disconnectedCallback() {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    clearInterval(this.#timer);
    this.#abort?.abort();
    render(null, this.#root);
  }

  attributeChangedCallback(_name: string, old: string | null, value: string | null) {
    if (old !== value && this.isConnected) this.#schedule();
  }

  #onVisibility = () => {
    if (document.visibilityState === 'visible' && Date.now() - this.#lastLoad >= REFRESH_MS) void this.refresh();
  };

  // Several attributes usually change together (a framework setting them one by one): load once.
  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      void this.#start();
    });
  }

  async #start() {
    try {
      this.#options = parseAttributes(Object.fromEntries(ATTRIBUTES.map((a) => [a, this.getAttribute(a)])), document.baseURI);
    } catch (e) {
      this.#options = undefined;
      this.#abort?.abort();
      if (e instanceof AttributeError) this.#fail('attribute', e.message);
      else throw e;
      return;
    }
    const o = this.#options;
    // Another metric (or range) than the one shown: the old numbers must not stand in for it.
    const shown = this.#state.kind === 'ready' ? this.#shownKey : undefined;
    this.#shownKey = `${o.src}#${o.weeks}`;
    if (shown !== this.#shownKey) this.#set({ kind: 'loading' });
    // Stale-while-revalidate: paint the cached copy while the network answers.
    const cached = readCached(o.src, o.weeks).then((payload) => {
      if (payload && this.#options === o && this.#state.kind !== 'ready') this.#set({ kind: 'ready', payload, freshness: 'revalidating' });
    });
    await this.refresh(cached);
  }

  /** Fetches the metric again now; resolves when the element shows the result. */
  async refresh(cached?: Promise<void>): Promise<void> {
    const o = this.#options;
    if (!o) return;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#lastLoad = Date.now();
    try {
      const payload = await loadPayload(o.src, o.weeks, o.token, abort.signal);
      if (abort.signal.aborted) return;
      await cached;
      this.#set({ kind: 'ready', payload, freshness: 'fresh' });
      void writeCached(o.src, o.weeks, payload);
    } catch (e) {
      if (abort.signal.aborted) return;
      if (!(e instanceof LoadError)) throw e;
      await cached;
      // Offline: keep showing what we have (labelled); access and definition errors replace it.
      if (e.code === 'unreachable' || e.code === 'server') {
        const shown = this.#state.kind === 'ready' ? this.#state.payload : await readCached(o.src, o.weeks);
        if (shown) {
          this.#set({ kind: 'ready', payload: shown, freshness: 'offline' });
          this.dispatchEvent(new CustomEvent('northstar-error', { detail: { code: e.code, message: e.message } }));
          return;
        }
      }
      this.#fail(e.code, e.message);
    }
  }

  #fail(code: LoadErrorCode | 'attribute', message: string) {
    this.#set({ kind: 'error', code, message });
    this.dispatchEvent(new CustomEvent('northstar-error', { detail: { code, message } }));
  }

  #set(state: ViewState) {
    this.#state = state;
    this.#render();
    if (state.kind === 'ready')
      this.dispatchEvent(new CustomEvent('northstar-load', { detail: { payload: state.payload, freshness: state.freshness } }));
  }

  #render() {
    const o = this.#options;
    render(
      h(View, { state: this.#state, locale: o?.locale, theme: o?.theme ?? 'auto', compact: o?.compact ?? false, src: o?.src }),
      this.#root,
    );
  }
}

type LoadErrorCode = LoadError['code'];

/** Registers `<north-star-metric>` once (a second copy of widget.js on the page is harmless). */
export function defineNorthStarMetric(name = 'north-star-metric'): void {
  if (!customElements.get(name)) customElements.define(name, NorthStarMetric);
}
