import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './lib/browser.ts';
import { useFixture } from './lib/fixture.ts';
import { type PageOptions, scriptTagPage } from './lib/pages.ts';
import { type Site, startSite } from './lib/site.ts';

const f = useFixture();
// A second site whose origin is in no site's `origins` of the collector's config.
let stranger: Site;
beforeAll(async () => {
  stranger = await startSite();
});
afterAll(() => stranger?.stop());

/** Opens `url` and collects the tracker's console warnings from then on. */
async function warningsOf(url: string): Promise<{ page: Page; warnings: string[] }> {
  const page = await f.context.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto(url);
  return { page, warnings };
}

const misuse = async (build: string) => {
  const { page, warnings } = await warningsOf(f.productPage(`/debug-${build}`, { src: `/dist/${build}` }));
  await page.evaluate(() => {
    window.northstar.track('workout completed!');
    window.northstar.track('workout', { nested: { minutes: 17 } as unknown as string });
    return window.northstar.flush();
  });
  return warnings;
};

/** Tracks one event on a page built with `options` and flushes; the warnings that followed. */
async function trackOn(path: string, options: PageOptions, before?: () => void): Promise<string[]> {
  if (before) await f.context.addInitScript(before);
  const { page, warnings } = await warningsOf(f.productPage(path, options));
  await page.evaluate(() => {
    window.northstar.track('workout');
    return window.northstar.flush();
  });
  return warnings;
}

// The debug build as the README says to load it: from the collector, in place of tracker.js.
const debugBuild = () => ({ src: `${f.collector.url}/tracker.debug.js` });

describe('the debug build', () => {
  it('should explain a bad event name and a prop the collector will reject', async () => {
    const warnings = await misuse('tracker.debug.js');
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('event name "workout completed!" is not 1..64 characters of A-Z a-z 0-9 _ . : -'),
        expect.stringContaining('prop "nested" of "workout" must be a string'),
      ]),
    );
  });

  it('should stay silent in the production build', async () => {
    expect(await misuse('tracker.js')).toEqual([]);
  });

  it('should say that a test browser (navigator.webdriver) is not tracked, and which attribute tracks it', async () => {
    const warnings = await trackOn('/debug-webdriver', { ...debugBuild(), asAutomation: true });
    expect(warnings).toEqual([expect.stringMatching(/not tracking "workout": navigator\.webdriver is true.*data-track-webdriver/)]);
  });

  it('should name Do-Not-Track as the reason nothing is sent, and how to track anyway', async () => {
    const warnings = await trackOn('/debug-dnt', debugBuild(), () =>
      Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }),
    );
    expect(warnings).toEqual([expect.stringMatching(/not tracking "workout": the browser sends Do-Not-Track \(data-respect-dnt="false"/)]);
  });

  it('should name Global Privacy Control as the reason nothing is sent', async () => {
    const warnings = await trackOn('/debug-gpc', debugBuild(), () =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    );
    expect(warnings).toEqual([expect.stringContaining('not tracking "workout": the browser sends Global Privacy Control')]);
  });

  it('should name an opt-out as the reason nothing is sent', async () => {
    const { page, warnings } = await warningsOf(f.productPage('/debug-opt-out', debugBuild()));
    await page.evaluate(() => {
      window.northstar.optOut();
      window.northstar.track('workout');
    });
    expect(warnings).toEqual([expect.stringContaining('not tracking "workout": this visitor opted out (optOut(); optIn() undoes it)')]);
  });

  it('should say that init() got no endpoint or key', async () => {
    const page = `<!doctype html><script src="${f.collector.url}/tracker.debug.js" data-key="pk_tracker_test"></script>`;
    const { warnings } = await warningsOf(f.site.page('/debug-no-endpoint', page));
    expect(warnings).toEqual([expect.stringContaining('init() needs { endpoint, key } (the script tag: data-endpoint and data-key)')]);
  });

  it("should pass on the collector's message when it refuses the page's origin", async () => {
    const url = stranger.page('/debug-stranger', scriptTagPage(f.collector.url, debugBuild()));
    const { page, warnings } = await warningsOf(url);
    await page.evaluate(() => {
      window.northstar.track('workout');
      return window.northstar.flush();
    });
    const refused = await eventually(
      async () => warnings.filter((w) => w.includes('refused')),
      (w) => w.length > 0,
    );
    expect(refused[0]).toContain(`the collector refused 1 event (403 origin_not_allowed: origin ${stranger.origin} is not allowed`);
    expect(refused[0]).toContain('sites[].origins');
    expect(refused[0]).toContain('will retry');
  });

  it('should stay silent in the production build when nothing is sent or the collector refuses', async () => {
    const quiet = { src: '/dist/tracker.js' };
    expect(await trackOn('/quiet-webdriver', { ...quiet, asAutomation: true })).toEqual([]);
    const { page, warnings } = await warningsOf(stranger.page('/quiet-stranger', scriptTagPage(f.collector.url, quiet)));
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.evaluate(() => {
      window.northstar.track('workout');
      return window.northstar.flush();
    });
    expect(warnings).toEqual([]);
    // The refusal is an answer the page could read, not a CORS failure in the console.
    expect(errors.filter((e) => /CORS/i.test(e))).toEqual([]);
  });
});
