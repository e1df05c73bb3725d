// @vitest-environment node
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { computeMetrics } from '@northstar/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatChangePct, formatDelta, formatValue } from '../src/format.ts';
import { AS_OF, knownEvents, METRIC_ID } from './fixtures.ts';
import {
  cacheWritten,
  launch,
  MARKUP_NAME,
  type Northstar,
  partText,
  settled,
  startNorthstar,
  startWiki,
  type Wiki,
  type WikiPage,
} from './lib/harness.ts';

let browser: Browser;
let server: Northstar;
let wiki: Wiki;
let pages = 0;
/** A new wiki page holding one widget (a fresh URL each time, so no test sees another's page). */
const routeWiki = async (_page: Page, w: WikiPage) => wiki.page(`p${++pages}`, w);
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [browser, server, wiki] = await Promise.all([launch(), startNorthstar(), startWiki()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await wiki?.stop();
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 900, height: 900 }, timezoneId: 'UTC' });
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

const metricUrl = (id = METRIC_ID) => `${server.url}/v1/metrics/${id}`;
const expected = () => computeMetrics(server.config, METRIC_ID, knownEvents(12), AS_OF, 12);

describe('<north-star-metric> against a real server', () => {
  it('should render the numbers the reference engine computes for the known event log', async () => {
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki', locale: 'en-US' } }));
    await settled(page);
    const want = expected();
    const c = want.current!;
    expect(await partText(page, 'value')).toBe(formatValue(c.value, 'units', 'en-US'));
    expect(await partText(page, 'delta')).toBe(
      `${formatDelta(c.delta!, 'units', 'en-US')} (${formatChangePct(c.deltaPct!, 'en-US')}) vs the week before`,
    );
    expect(await partText(page, 'pace')).toContain(`This week so far: ${formatValue(want.pace.soFar, 'units', 'en-US')}`);
    expect(await partText(page, 'trend')).toBe(`Signal: up ${want.trend.consecutiveWeeks} weeks in a row`);
    await settled(page, 'chart');
    expect(await partText(page, 'dropoff')).toBe('Biggest drop-off: 20% drop from signup to workout_started');
  });

  it('should show the week and value under the keyboard cursor on the chart', async () => {
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki', locale: 'en-US' } }));
    await settled(page, 'chart');
    await page.focus('[part~="chart"] .plot');
    await page.keyboard.press('End');
    const soFar = formatValue(expected().pace.soFar, 'units', 'en-US');
    // The known log's running week is where last week was at this point, so it is on pace for its own value.
    expect(await partText(page, 'readout')).toBe(`Week of Nov 23, 2026 (so far: ${soFar} · on pace for ≈ ${soFar})`);
    await page.keyboard.press('ArrowLeft');
    expect(await partText(page, 'readout')).toBe(`Week of Nov 16, 2026: ${formatValue(expected().current!.value, 'units', 'en-US')}`);
  });

  it.each([720, 300])('should hold the loaded card’s height while loading, in a %i px column (no layout shift)', async (width) => {
    // The server's answer is held until the skeleton has been measured.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(`${server.url}/**`, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki' }, width }));
    await page.waitForSelector('[aria-busy="true"]');
    const height = () => page.$eval('north-star-metric', (el) => el.getBoundingClientRect().height);
    const loading = await height();
    release();
    await settled(page, width > 400 ? 'chart' : 'value');
    await page.waitForSelector('[part~="supporting"]', { state: 'attached' });
    expect(Math.abs((await height()) - loading)).toBeLessThanOrEqual(12);
  });

  it('should load the new metric when src changes, never showing the old numbers under the new name', async () => {
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki' } }));
    await settled(page);
    await page.$eval('north-star-metric', (el, src) => el.setAttribute('src', src), metricUrl('markup-name'));
    await page.waitForFunction(
      (name) => document.querySelector('north-star-metric')?.shadowRoot?.querySelector('[part~="name"]')?.textContent === name,
      MARKUP_NAME,
    );
    expect(await partText(page, 'value')).toBe(formatValue(expected().current!.value, 'units'));
  });

  it('should follow the theme attribute: light and dark cards', async () => {
    const url = await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki', theme: 'dark' } });
    await page.goto(url);
    await settled(page);
    const bg = () => page.$eval('[part~="base"]', (el) => getComputedStyle(el).backgroundColor);
    expect(await bg()).toBe('rgb(17, 24, 39)');
    await page.$eval('north-star-metric', (el) => el.setAttribute('theme', 'light'));
    await page.waitForFunction(() => document.querySelector('north-star-metric')?.getAttribute('theme') === 'light');
    expect(await bg()).toBe('rgb(255, 255, 255)');
  });

  it('should follow the OS colour scheme with theme="auto"', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki' } }));
    await settled(page);
    expect(await page.$eval('[part~="base"]', (el) => getComputedStyle(el).backgroundColor)).toBe('rgb(17, 24, 39)');
  });

  it('should show only the number, delta and sparkline in a narrow column', async () => {
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki' }, width: 300 }));
    await settled(page);
    // The sparkline comes with the details chunk.
    await page.waitForSelector('[part~="supporting"]', { state: 'attached' });
    const shown = (part: string) => page.$eval(`[part~="${part}"]`, (el) => getComputedStyle(el).display !== 'none');
    expect(await shown('value')).toBe(true);
    expect(await shown('delta')).toBe(true);
    expect(await shown('sparkline')).toBe(true);
    expect(await shown('sentence')).toBe(false);
    expect(await shown('pace')).toBe(false);
  });

  it('should have no serious or critical axe-core violations in light and dark themes', async () => {
    const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    for (const theme of ['light', 'dark']) {
      await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki', theme }, dark: theme === 'dark' }));
      await settled(page, 'chart');
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        // @ts-expect-error axe is injected into the page above
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations
          .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
          .map((v: { id: string; nodes: { target: unknown }[] }) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      });
      expect(violations, theme).toEqual([]);
    }
  });

  it('should render number and chart under a CSP without unsafe-inline', async () => {
    const csp = `default-src 'none'; script-src ${wiki.url}; style-src ${wiki.url}; connect-src ${server.url}; img-src 'none'`;
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki' }, csp }));
    await page.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __csp: string[] }).__csp ??= [];
        (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      }),
    );
    await settled(page, 'chart');
    expect(await partText(page, 'value')).toBe(formatValue(expected().current!.value, 'units'));
    expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
    expect(violations).toEqual([]);
    // The styles really applied (constructable stylesheets are not inline styles).
    expect(await page.$eval('[part~="value"]', (el) => getComputedStyle(el).fontWeight)).toBe('700');
  });

  it('should show a metric name with markup as text in the element', async () => {
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl('markup-name'), token: 'rt_wiki' } }));
    await settled(page, 'chart');
    expect(await partText(page, 'name')).toBe(MARKUP_NAME);
    expect(await page.$$('north-star-metric >> img, north-star-metric >> b')).toHaveLength(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('should show a metric name with markup as text in the embed page and the badge', async () => {
    await page.goto(`${server.url}/embed/markup-name?token=rt_wiki`);
    await settled(page);
    expect(await partText(page, 'name')).toBe(MARKUP_NAME);
    expect(await page.title()).toBe(`${MARKUP_NAME} · Northstar`);
    await page.goto(`${server.url}/badge/markup-name.svg?token=rt_wiki`);
    // The badge shortens long names with an ellipsis; what is there is the name, as text.
    const badgeName = await page.$eval('text', (t) => t.textContent ?? '');
    expect(MARKUP_NAME.startsWith(badgeName.slice(0, -1))).toBe(true);
    expect(await page.$$('svg img, svg b')).toHaveLength(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it.each([
    ['a bad token', { token: 'rt_nope' }, 'Access denied'],
    // The server answers a metric outside the token's scope as it answers an unknown one (issue 14).
    ['a token that may not see the metric', { token: 'rt_other' }, 'Unknown metric'],
    ['a server that cannot be reached', { src: 'http://127.0.0.1:9/v1/metrics/x' }, 'Server unreachable'],
  ])('should explain %s', async (_what, attrs, title) => {
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki', ...attrs } }));
    await settled(page, 'error');
    expect(await partText(page, 'name')).toBe(title);
  });

  it('should explain an unknown metric id', async () => {
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl('no-such-metric'), token: 'rt_wiki' } }));
    await settled(page, 'error');
    expect(await partText(page, 'name')).toBe('Unknown metric');
  });

  it('should explain a payload that fails validation, naming the field', async () => {
    await page.route(`${server.url}/v1/metrics/broken*`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: '{"metric":{}}',
      }),
    );
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl('broken'), token: 'rt_wiki' } }));
    await settled(page, 'error');
    expect(await partText(page, 'name')).toBe('Unexpected data from the server');
    expect(await partText(page, 'message')).toContain('metric.id');
  });

  it('should name a bad attribute and what it accepts', async () => {
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), theme: 'purple' } }));
    await settled(page, 'error');
    expect(await partText(page, 'message')).toBe('Invalid theme attribute "purple": expected light, dark or auto (default auto).');
  });

  it('should show the last payload from IndexedDB, labelled, when the server cannot be reached', async () => {
    const url = await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki', locale: 'en-US' } });
    await page.goto(url);
    await settled(page);
    await page.waitForFunction(() => document.querySelector('north-star-metric')?.shadowRoot?.querySelector('[data-freshness="fresh"]'));
    // Once the copy is in IndexedDB, take the server away.
    await cacheWritten(page);
    await page.route(`${server.url}/**`, (route) => route.abort('connectionrefused'));
    await page.reload();
    await page.waitForFunction(() => document.querySelector('north-star-metric')?.shadowRoot?.querySelector('[data-freshness="offline"]'));
    expect(await partText(page, 'value')).toBe(formatValue(expected().current!.value, 'units', 'en-US'));
    expect(await partText(page, 'status')).toBe('Offline: showing the last data, as of Nov 25, 2026, 12:00 PM UTC');
  });

  it('should paint the cached payload first and replace it when the server answers (stale-while-revalidate)', async () => {
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki', locale: 'en-US' } }));
    await page.waitForSelector('[data-freshness="fresh"]');
    await cacheWritten(page);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(`${server.url}/**`, async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    await page.waitForSelector('[data-freshness="revalidating"]');
    expect(await partText(page, 'value')).toBe(formatValue(expected().current!.value, 'units', 'en-US'));
    expect(await partText(page, 'status')).toBe('as of Nov 25, 2026, 12:00 PM UTC · updating…');
    release();
    await page.waitForSelector('[data-freshness="fresh"]');
  });

  it('should keep the number and say what is missing when the details chunk cannot load', async () => {
    await page.route('**/widget-details.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki', locale: 'en-US' } }));
    await page.waitForSelector('[part~="message"]');
    expect(await partText(page, 'value')).toBe(formatValue(expected().current!.value, 'units', 'en-US'));
    expect(await partText(page, 'message')).toBe('Could not load the chart and details (widget-details.js).');
  });

  it('should refresh every 5 minutes while the page is visible', async () => {
    await page.clock.install();
    let requests = 0;
    page.on('request', (r) => {
      if (r.url().startsWith(metricUrl())) requests++;
    });
    await page.goto(await routeWiki(page, { attributes: { src: metricUrl(), token: 'rt_wiki' } }));
    await settled(page);
    expect(requests).toBe(1);
    await page.clock.runFor(5 * 60 * 1000);
    await expect.poll(() => requests).toBe(2);
  });
});
