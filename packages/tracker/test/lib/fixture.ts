import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launchChromium } from './browser.ts';
import { type Collector, startCollector } from './collector.ts';
import { type PageOptions, scriptTagPage } from './pages.ts';
import { type Site, startSite } from './site.ts';

export interface Fixture {
  browser: Browser;
  site: Site;
  collector: Collector;
  /** A fresh browser profile for each test (its own IndexedDB and localStorage). */
  context: BrowserContext;
  /** Serves a script-tag page at `path` on the site and returns its URL. */
  productPage(path: string, options?: PageOptions): string;
  /** Bodies of the POST /v1/events requests `page` made (fetches and beacons). */
  recordDeliveries(page: Page): { bodies: string[]; types: string[] };
}

/** One browser, site and collector per spec file; one browser context per test. */
export function useFixture(): Fixture {
  const f = {} as Fixture;
  beforeAll(async () => {
    f.site = await startSite();
    [f.collector, f.browser] = await Promise.all([startCollector(f.site.origin), launchChromium()]);
    f.productPage = (path, options) => f.site.page(path, scriptTagPage(f.collector.url, options));
    f.recordDeliveries = (page) => {
      const seen = { bodies: [] as string[], types: [] as string[] };
      page.on('request', (r) => {
        if (r.url() !== `${f.collector.url}/v1/events` || r.method() !== 'POST') return;
        seen.bodies.push(r.postData() ?? '');
        seen.types.push(r.resourceType());
      });
      return seen;
    };
  });
  afterAll(async () => {
    await f.browser?.close();
    await f.collector?.stop();
    await f.site?.stop();
  });
  beforeEach(async () => {
    f.context = await f.browser.newContext();
    return () => f.context.close();
  });
  return f;
}
