import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SITE_KEY } from './collector.ts';

const stub = readFileSync(fileURLToPath(new URL('../../dist/stub.js', import.meta.url)), 'utf8');

export interface PageOptions {
  /** Script run right after the stub, before tracker.js loads (calls queue on the stub). */
  before?: string;
  /** Extra data-* attributes of the script tag, e.g. 'data-pageviews'. */
  attributes?: string;
  /** Where the script tag loads tracker.js from (default: the collector's GET /tracker.js). */
  src?: string;
  /** Leave out data-track-webdriver: the tracker then ignores this (automated) browser, as it does by default. */
  asAutomation?: boolean;
}

/** A product page as a site would write it: the stub snippet, then the script tag served by the collector. */
export const scriptTagPage = (collector: string, options: PageOptions = {}): string => `<!doctype html>
<html><head><meta charset="utf-8"><title>product</title>
<script>${stub}</script>
<script>${options.before ?? ''}</script>
<script defer src="${options.src ?? `${collector}/tracker.js`}" data-endpoint="${collector}" data-key="${SITE_KEY}"
  ${options.asAutomation ? '' : 'data-track-webdriver'} ${options.attributes ?? ''}></script>
</head><body><h1>product</h1></body></html>`;

/** A page loading the ES module build and calling init() itself. */
export const modulePage = (collector: string): string => `<!doctype html>
<html><head><meta charset="utf-8"><title>product (ESM)</title>
<script type="module">
  import * as northstar from '/dist/tracker.mjs';
  northstar.init({ endpoint: ${JSON.stringify(collector)}, key: ${JSON.stringify(SITE_KEY)}, trackWebdriver: true });
  window.northstar = northstar;
  window.ready = true;
</script></head><body></body></html>`;

/** The page's window.northstar, as the specs call it inside page.evaluate. */
export type Api = typeof import('../../src/index.ts');
declare global {
  interface Window {
    northstar: Api;
  }
}
