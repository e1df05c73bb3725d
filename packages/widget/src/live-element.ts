import type { lean } from '@northstar/core';
import { type ComponentChild, render } from 'preact';
import { AttributeError } from './attributes.ts';
import { readCache, writeCache } from './cache.ts';
import { LoadError, type LoadErrorCode } from './load.ts';
import { adoptStyles } from './styles.ts';

/** How often a visible widget refreshes: the running week moves, the rest changes weekly. */
export const REFRESH_MS = 5 * 60 * 1000;

export type Freshness = 'fresh' | 'revalidating' | 'offline';

/** What an element shows: `D` is what it loads (and caches), e.g. `{ payload }`. */
export type LiveState<D> =
  | { kind: 'loading' }
  | { kind: 'error'; code: LoadErrorCode | 'attribute'; message: string }
  | ({ kind: 'ready'; freshness: Freshness } & D);

/**
 * What <north-star-metric> and <north-star-candidates> share: attributes read as a whole a
 * microtask after the last change (a framework sets them one by one), stale-while-revalidate from
 * IndexedDB, a refresh every 5 minutes while the tab is visible and on coming back to it, the last
 * good copy kept and labelled offline when the server cannot be reached, and the northstar-load /
 * northstar-error events. Subclasses say how to parse, load, cache and draw.
 */
export abstract class LiveElement<O, D extends { payload: unknown }> extends HTMLElement {
  #root: ShadowRoot;
  #options: O | undefined;
  #state: LiveState<D> = { kind: 'loading' };
  #abort: AbortController | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastLoad = 0;
  #queued = false;
  /** key() of the options shown. */
  #key = '';
  #cache: lean.LeanSchema<D>;
  #os = matchMedia('(prefers-color-scheme:dark)');

  /** `cache` checks the copy read back from IndexedDB; `css` is the element's own rules. */
  constructor(cache: lean.LeanSchema<D>, css = '') {
    super();
    this.#cache = cache;
    this.#root = this.attachShadow({ mode: 'open' });
    adoptStyles(this.#root, css);
  }

  /** The attributes as options; throws AttributeError naming the first bad one. */
  protected abstract parse(): O;
  /** What is shown and cached (without the token, so rotating one keeps the copy): another key must not show the old one's numbers. */
  protected abstract key(o: O): string;
  protected abstract load(o: O, signal: AbortSignal): Promise<D>;
  /** `dark`: the colour scheme to draw in, resolved from the theme attribute (see #dark). */
  protected abstract view(state: LiveState<D>, o: O | undefined, dark: boolean): ComponentChild;

  /** The state currently shown (for tests and host pages that want to react to it). */
  get state(): LiveState<D> {
    return this.#state;
  }

  connectedCallback() {
    this.#render();
    this.#schedule();
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#os.onchange = this.#render;
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, REFRESH_MS);
  }

  disconnectedCallback() {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#os.onchange = null;
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
      this.#options = this.parse();
    } catch (e) {
      this.#options = undefined;
      this.#abort?.abort();
      if (!(e instanceof AttributeError)) throw e;
      this.#fail('attribute', e.message);
      return;
    }
    const o = this.#options;
    const shown = this.#state.kind === 'ready' ? this.#key : undefined;
    const key = this.key(o);
    this.#key = key;
    // Another key shows its skeleton; the same one repaints at once (theme, locale) and then refreshes.
    if (shown !== key) this.#set({ kind: 'loading' });
    else this.#render();
    // Stale-while-revalidate: paint the cached copy while the network answers.
    const cached = readCache(key, this.#cache).then((data) => {
      if (data && this.#options === o && this.#state.kind !== 'ready') this.#set({ kind: 'ready', ...data, freshness: 'revalidating' });
    });
    await this.refresh(cached);
  }

  /** Loads again now; resolves when the element shows the result. */
  async refresh(cached?: Promise<void>): Promise<void> {
    const o = this.#options;
    const key = this.#key;
    if (!o) return;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#lastLoad = Date.now();
    try {
      const data = await this.load(o, abort.signal);
      if (abort.signal.aborted) return;
      await cached;
      this.#set({ kind: 'ready', ...data, freshness: 'fresh' });
      void writeCache(key, data);
    } catch (e) {
      if (abort.signal.aborted) return;
      if (!(e instanceof LoadError)) throw e;
      await cached;
      // Offline: keep showing what we have (labelled); access and definition errors replace it.
      if (e.code === 'unreachable' || e.code === 'server') {
        const shown = this.#state.kind === 'ready' ? this.#state : await readCache(key, this.#cache);
        if (shown) {
          this.#set({ ...shown, kind: 'ready', freshness: 'offline' });
          this.#emit('northstar-error', { code: e.code, message: e.message });
          return;
        }
      }
      this.#fail(e.code, e.message);
    }
  }

  #fail(code: LoadErrorCode | 'attribute', message: string) {
    this.#set({ kind: 'error', code, message });
    this.#emit('northstar-error', { code, message });
  }

  #emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #set(state: LiveState<D>) {
    this.#state = state;
    this.#render();
    if (state.kind === 'ready') this.#emit('northstar-load', { payload: state.payload, freshness: state.freshness });
  }

  /**
   * theme="auto" (the default) follows the host page where it sets a color-scheme of its own (a
   * light wiki gets light cards whatever the OS says; issue 13, item 13), else the OS. The host's
   * computed color-scheme is the page's: the element's own styles set it only inside the card. Read
   * at every render (each load, and each OS change).
   */
  #dark(): boolean {
    const theme = (this.#options as { theme?: string } | undefined)?.theme ?? 'auto';
    // light or dark: that; auto: the page's color-scheme ("normal", "light dark": neither one, so the OS's).
    const scheme = theme === 'auto' ? getComputedStyle(this).colorScheme : theme;
    const dark = /dark/.test(scheme);
    return dark === /light/.test(scheme) ? this.#os.matches : dark;
  }

  #render = () => {
    render(this.view(this.#state, this.#options, this.#dark()), this.#root);
  };
}
