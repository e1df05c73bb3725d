/**
 * Layout shift of the demo wiki page (issue 13, item 12), measured the way Lighthouse's CLS is: the
 * sum of every `layout-shift` entry without recent input, from navigation until every widget on the
 * page has painted what it will paint (number, chart, supporting metrics, ranking, badge image).
 * Lighthouse read 0.15-0.46 on this page: the elements were 0-22 px tall until widget.js defined
 * them, skeletons changed size, and the badge image had no size.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH } from '../../scripts/chromium.ts';
import { type RunningDemo, startDemo } from '../start.ts';

let demo: RunningDemo;
let browser: Browser;
let data: string;

beforeAll(async () => {
  data = await mkdtemp(path.join(os.tmpdir(), 'northstar-cls-'));
  demo = await startDemo({ port: 0, sitePort: 0, data, quiet: true });
  browser = await chromium.launch(CHROMIUM_LAUNCH);
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  await rm(data, { recursive: true, force: true });
});

/** Installed before the page's scripts: sums layout shifts as Lighthouse does, and keeps what moved. */
function observeLayoutShift() {
  const w = window as unknown as { __cls: { value: number; sources: string[] } };
  w.__cls = { value: 0, sources: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
      if (e.hadRecentInput) continue;
      w.__cls.value += e.value;
      const nodes = (e.sources ?? []).map((s) => (s.node instanceof Element ? s.node.tagName.toLowerCase() : String(s.node?.nodeName)));
      w.__cls.sources.push(`${e.value.toFixed(4)} ${nodes.join(',')}`);
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

describe('the demo wiki page', () => {
  it.each([
    [1280, 900],
    [390, 844],
  ])('should shift its layout by less than 0.02 while its widgets load, at %i px wide', async (width, height) => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.addInitScript(observeLayoutShift);
    await page.goto(demo.wiki);
    const nsm = page.locator('north-star-metric#nsm');
    await nsm.locator('[part~="supporting"]').waitFor({ state: 'attached' });
    // A column under 380 px shows the compact card, without the chart.
    if (width > 430) await nsm.locator('[part~="chart"] canvas').waitFor({ state: 'attached' });
    await page.locator('north-star-metric[compact]').locator('[part~="sparkline"] svg').first().waitFor({ state: 'attached' });
    await page.locator('north-star-candidates').locator('[part~="candidate"]').first().waitFor();
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    // Everything has painted; two frames let the last shifts be reported.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const cls = await page.evaluate(() => (window as unknown as { __cls: { value: number; sources: string[] } }).__cls);
    console.info(`layout shift at ${width} px: ${cls.value.toFixed(4)}`);
    expect(cls.value, cls.sources.join('\n')).toBeLessThan(0.02);
    await context.close();
  });
});
