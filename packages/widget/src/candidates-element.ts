import { type CandidatesPayload, CandidatesPayloadMini, lean } from '@northstar/core';
import { h } from 'preact';
import { CANDIDATES_ATTRIBUTES, type CandidatesOptions, parseCandidatesAttributes } from './candidates-attributes.ts';
import { loadCandidates } from './candidates-load.ts';
import { candidatesCss } from './candidates-styles.ts';
import { CandidatesView } from './candidates-view.tsx';
import { LiveElement, type LiveState } from './live-element.ts';

/** The cached copy: the payload has no asOf of its own, so the time it was fetched is kept beside it. */
const Cached = lean.object({ payload: CandidatesPayloadMini, fetchedAt: lean.int() });
type Loaded = { payload: CandidatesPayload; fetchedAt: number };

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
export class NorthStarCandidates extends LiveElement<CandidatesOptions, Loaded> {
  static observedAttributes: readonly string[] = CANDIDATES_ATTRIBUTES;

  constructor() {
    super(Cached, candidatesCss);
  }

  protected parse(): CandidatesOptions {
    return parseCandidatesAttributes(Object.fromEntries(CANDIDATES_ATTRIBUTES.map((a) => [a, this.getAttribute(a)])), document.baseURI);
  }

  protected key(o: CandidatesOptions): string {
    return `candidates:${o.src}#${o.weeks}#${o.k}`;
  }

  protected async load(o: CandidatesOptions, signal: AbortSignal): Promise<Loaded> {
    return { payload: await loadCandidates(o.src, o.weeks, o.k, o.token, signal), fetchedAt: Date.now() };
  }

  protected view(state: LiveState<Loaded>, o: CandidatesOptions | undefined, dark: boolean) {
    return h(CandidatesView, { state, locale: o?.locale, dark });
  }
}

/** Registers `<north-star-candidates>` once (a second copy of the script on the page is harmless). */
export function defineNorthStarCandidates(name = 'north-star-candidates'): void {
  if (!customElements.get(name)) customElements.define(name, NorthStarCandidates);
}
