// @vitest-environment node
/**
 * <north-star-candidates> in real Chromium, from dist/widget-candidates.js on a wiki page of another
 * origin, against a real server (DuckDB) that imported the known log through POST /v1/import.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictiveText, retentionText } from '../src/candidates-read.ts';
import { formatPct, formatValue } from '../src/format.ts';
import { candidatesConfig, knownCandidates } from './fixtures.ts';
import { ADMIN, cacheWritten, launch, type Northstar, startNorthstar, startWiki, type Wiki } from './lib/harness.ts';

let browser: Browser;
let server: Northstar;
let wiki: Wiki;

beforeAll(async () => {
  const config = { ...candidatesConfig(), adminToken: ADMIN };
  [browser, server, wiki] = await Promise.all([launch(), startNorthstar(12, config), startWiki()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await wiki?.stop();
});

/** Opens a wiki page holding the element and waits for its ranking (or fails with the error it shows). */
async function open(name: string, attributes: Record<string, string>, csp?: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 900, height: 900 } })).newPage();
  await page.goto(wiki.page(name, { attributes, element: 'north-star-candidates', ...(csp ? { csp } : {}) }));
  const found = await page.waitForSelector('[part~="candidate"], [part~="error"]', {
    state: 'attached',
    timeout: 15_000,
  });
  if ((await found.getAttribute('part'))?.includes('error')) throw new Error(`the element shows an error: ${await found.textContent()}`);
  return page;
}

/** Each row's cells as text, in rank order. */
function rowsOf(page: Page) {
  return page.evaluate(() =>
    [...(document.querySelector('north-star-candidates')?.shadowRoot?.querySelectorAll('[part~="candidate"]') ?? [])].map((tr) => {
      const text = (part: string) => tr.querySelector(`[part~="${part}"]`)?.textContent ?? null;
      return {
        id: (tr as HTMLElement).dataset.id,
        reach: text('reach'),
        retention: text('retention'),
        phi: text('phi'),
        name: text('candidate-name'),
      };
    }),
  );
}

describe('<north-star-candidates> against a real server', () => {
  it('should show the ranking the reference engine computes for the imported log, k and cohorts included', async () => {
    const page = await open('ranking', { src: `${server.url}/v1/candidates`, token: 'rt_wiki', weeks: '12', k: '4', locale: 'en-US' });
    const want = knownCandidates(12, 4);
    expect(await rowsOf(page)).toEqual(
      want.candidates.map((c) => ({
        id: c.id,
        reach: `${formatPct(c.reach!, 'en-US')}${formatValue(c.doers, 'units', 'en-US')} of ${formatValue(c.newUnits, 'units', 'en-US')}`,
        retention: retentionText(c, 'en-US'),
        phi: `${predictiveText(c.phi)}φ = ${c.phi!.toFixed(2)}`,
        name: c.name, // markup in a name stays text
      })),
    );
    const status = await page.evaluate(
      () => document.querySelector('north-star-candidates')?.shadowRoot?.querySelector('[part~="status"]')?.textContent,
    );
    expect(status).toMatch(new RegExp(`^k = 4 · ${want.cohorts.length} cohorts, weeks of Sep 7 – Oct 19, 2026 · as of `));
    // The markup-named candidate rendered no elements.
    expect(await page.evaluate(() => document.querySelector('north-star-candidates')?.shadowRoot?.querySelector('tbody b'))).toBeNull();
    await page.context().close();
  });

  it('should show the last ranking from IndexedDB, labelled offline, when the server cannot be reached', async () => {
    const page = await open('offline', { src: `${server.url}/v1/candidates`, token: 'rt_wiki', locale: 'en-US' });
    const before = await rowsOf(page);
    await cacheWritten(page);
    await page.route(`${server.url}/**`, (route) => route.abort('connectionrefused'));
    await page.reload();
    await page.waitForSelector('[data-freshness="offline"]');
    expect(await rowsOf(page)).toEqual(before);
    const status = await page.evaluate(
      () => document.querySelector('north-star-candidates')?.shadowRoot?.querySelector('[part~="status"]')?.textContent,
    );
    expect(status).toContain('· Offline: showing the ranking as of ');
    await page.context().close();
  });

  it('should load again on coming back to the tab once 5 minutes have passed, and not sooner', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    await page.clock.install();
    let requests = 0;
    page.on('request', (r) => {
      if (r.url().startsWith(`${server.url}/v1/candidates`)) requests++;
    });
    await page.goto(
      wiki.page('visibility', { attributes: { src: `${server.url}/v1/candidates`, token: 'rt_wiki' }, element: 'north-star-candidates' }),
    );
    await page.waitForSelector('[part~="candidate"]', { state: 'attached' });
    expect(requests).toBe(1);
    // The tab is hidden (no interval refresh), then shown again.
    const setVisibility = (state: string) =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    await page.clock.runFor(60_000);
    await setVisibility('visible');
    await page.clock.runFor(1_000);
    expect(requests).toBe(1);
    await setVisibility('hidden');
    await page.clock.runFor(5 * 60_000);
    expect(requests).toBe(1);
    await setVisibility('visible');
    await expect.poll(() => requests).toBe(2);
    await context.close();
  });

  it('should render under a CSP without unsafe-inline and have no serious axe-core violations in either theme', async () => {
    const csp = `default-src 'none'; script-src ${wiki.url}; style-src ${wiki.url}; connect-src ${server.url}; img-src 'none'`;
    const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    for (const theme of ['light', 'dark']) {
      const page = await open(`strict-${theme}`, { src: `${server.url}/v1/candidates`, token: 'rt_wiki', theme }, csp);
      // The styles really applied (constructable stylesheets are not inline styles).
      const radius = await page.evaluate(
        () =>
          getComputedStyle(document.querySelector('north-star-candidates')!.shadowRoot!.querySelector('[part~="base"]')!)
            .borderTopLeftRadius,
      );
      expect(radius).toBe('12px');
      // axe is injected through CDP (a CSP-exempt evaluation), not as a page script.
      await page.evaluate(axe);
      const violations = await page.evaluate(async () => {
        // @ts-expect-error axe is injected into the page above
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations
          .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
          .map((v: { id: string; nodes: { target: unknown }[] }) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      });
      expect(violations, theme).toEqual([]);
      await page.context().close();
    }
  });
});
