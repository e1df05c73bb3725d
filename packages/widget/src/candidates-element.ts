import { CandidatesPayloadMini, lean } from '@northstar/core';
import { h, render } from 'preact';
import { AttributeError } from './attributes.ts';
import { readCachedAs, writeCachedAs } from './cache.ts';
import { CANDIDATES_ATTRIBUTES, type CandidatesOptions, parseCandidatesAttributes } from './candidates-attributes.ts';
import { loadCandidates } from './candidates-load.ts';
import { candidatesCss } from './candidates-styles.ts';
import { type CandidatesState, CandidatesView } from './candidates-view.tsx';
import { LoadError } from './load.ts';
import { adoptStyles } from './styles.ts';

// As <north-star-metric>'s REFRESH_MS, restated so this file does not pull that element in.
const REFRESH_MS = 5 * 60 * 1000;

/** The cached copy: the payload has no asOf of its own, so the time it was fetched is kept beside it. */
const Cached = lean.object({ payload: CandidatesPayloadMini, fetchedAt: lean.int() });

/**
 * `<north-star-candidates>`: the metrics a read token sees, ranked as candidates for the North Star
 * by how well doing the action early predicts coming back (GET /v1/candidates). Loaded as its own
 * file (widget-candidates.js) so pages with only <north-star-metric> do not pay for it.
 *
 * @attr src - URL of GET /v1/candidates on a Northstar server (required).
 * @attr token - a read token; the ranking covers the metrics it may see.
 * @attr weeks - the range of cohorts, 1..520 weeks (default 12) ending with the running week.
 * @attr k - retention is read in week k after each cohort's first, 1..520 (default 4).
 * @attr theme - light | dark | auto (default auto).
 * @attr locale - BCP 47 tag for numbers and dates (default: the browser's language).
 *
 * @event northstar-load - a ranking was rendered; detail: { payload, freshness }.
 * @event northstar-error - loading failed or an attribute is invalid; detail: { code, message }.
 *
 * @csspart base - the card (also `error` or `empty` in those states).
 * @csspart header - @csspart name - @csspart sentence - title and what the columns mean.
 * @csspart table - the ranking. @csspart candidate - one row (data-id is the metric id).
 * @csspart candidate-name - @csspart candidate-sentence - a candidate's name and definition.
 * @csspart reach - @csspart retention - @csspart lift - @csspart phi - one cell each.
 * @csspart status - k, the cohorts used and "as of …". @csspart message - the error or empty explanation.
 *
 * Custom properties: the same --northstar-* as <north-star-metric>.
 */
export class NorthStarCandidates extends HTMLElement {
  static observedAttributes = [...CANDIDATES_ATTRIBUTES];

  #root: ShadowRoot;
  #options: CandidatesOptions | undefined;
  #state: CandidatesState = { kind: 'loading' };
  #abort: AbortController | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #queued = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    adoptStyles(this.#root, candidatesCss);
  }

  /** The state currently shown. */
  get state(): CandidatesState {
    return this.#state;
  }

  connectedCallback() {
    this.#render();
    this.#schedule();
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, REFRESH_MS);
  }

  disconnectedCallback() {
    clearInterval(this.#timer);
    this.#abort?.abort();
    render(null, this.#root);
  }

  attributeChangedCallback(_name: string, old: string | null, value: string | null) {
    if (old !== value && this.isConnected) this.#schedule();
  }

  // Several attributes usually change together: load once.
  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      void this.#start();
    });
  }

  #key(o: CandidatesOptions) {
    return `candidates:${o.src}#${o.weeks}#${o.k}`;
  }

  async #start() {
    try {
      this.#options = parseCandidatesAttributes(
        Object.fromEntries(CANDIDATES_ATTRIBUTES.map((a) => [a, this.getAttribute(a)])),
        document.baseURI,
      );
    } catch (e) {
      this.#options = undefined;
      this.#abort?.abort();
      if (!(e instanceof AttributeError)) throw e;
      this.#fail('attribute', e.message);
      return;
    }
    const o = this.#options;
    this.#set({ kind: 'loading' });
    // Stale-while-revalidate: paint the cached copy while the network answers.
    const cached = readCachedAs(this.#key(o), Cached).then((c) => {
      if (c && this.#options === o && this.#state.kind !== 'ready') this.#set({ kind: 'ready', ...c, freshness: 'revalidating' });
    });
    await this.refresh(cached);
  }

  /** Fetches the ranking again now; resolves when the element shows the result. */
  async refresh(cached?: Promise<void>): Promise<void> {
    const o = this.#options;
    if (!o) return;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    try {
      const payload = await loadCandidates(o.src, o.weeks, o.k, o.token, abort.signal);
      if (abort.signal.aborted) return;
      await cached;
      const fetchedAt = Date.now();
      this.#set({ kind: 'ready', payload, fetchedAt, freshness: 'fresh' });
      void writeCachedAs(this.#key(o), { payload, fetchedAt });
    } catch (e) {
      if (abort.signal.aborted) return;
      if (!(e instanceof LoadError)) throw e;
      await cached;
      // Offline: keep showing what we have (labelled); access errors replace it.
      if (e.code === 'unreachable' || e.code === 'server') {
        const shown = this.#state.kind === 'ready' ? this.#state : await readCachedAs(this.#key(o), Cached);
        if (shown) {
          this.#set({ kind: 'ready', payload: shown.payload, fetchedAt: shown.fetchedAt, freshness: 'offline' });
          this.dispatchEvent(new CustomEvent('northstar-error', { detail: { code: e.code, message: e.message } }));
          return;
        }
      }
      this.#fail(e.code, e.message);
    }
  }

  #fail(code: LoadError['code'] | 'attribute', message: string) {
    this.#set({ kind: 'error', code, message });
    this.dispatchEvent(new CustomEvent('northstar-error', { detail: { code, message } }));
  }

  #set(state: CandidatesState) {
    this.#state = state;
    this.#render();
    if (state.kind === 'ready')
      this.dispatchEvent(new CustomEvent('northstar-load', { detail: { payload: state.payload, freshness: state.freshness } }));
  }

  #render() {
    render(h(CandidatesView, { state: this.#state, locale: this.#options?.locale }), this.#root);
  }
}

/** Registers `<north-star-candidates>` once (a second copy of the script on the page is harmless). */
export function defineNorthStarCandidates(name = 'north-star-candidates'): void {
  if (!customElements.get(name)) customElements.define(name, NorthStarCandidates);
}
