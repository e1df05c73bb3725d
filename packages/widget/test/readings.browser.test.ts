// @vitest-environment node
/**
 * How the elements read numbers and times to a person, in real Chromium (issue 13): fixed decimals
 * per column in the candidates table, one small-sample rule for percentages and pace estimates, an
 * empty state whose snippet works as pasted, and one clock, named, on every card of a page.
 * Payloads are served as JSON by the wiki's own server, so each case pins exactly the numbers it reads.
 */
import type { CandidatesPayload, MetricsPayload } from '@northstar/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyPayload, knownPayload } from './fixtures.ts';
import { launch, settled, startWiki, type Wiki } from './lib/harness.ts';

let browser: Browser;
let wiki: Wiki;
let pages = 0;

beforeAll(async () => {
  [browser, wiki] = await Promise.all([launch(), startWiki()]);
});
afterAll(async () => {
  await browser?.close();
  await wiki?.stop();
});

async function open(element: 'north-star-metric' | 'north-star-candidates', body: unknown, attributes: Record<string, string> = {}) {
  const n = ++pages;
  const src = wiki.json(`/v1/${element}/${n}`, body);
  const page = await (await browser.newContext({ viewport: { width: 1000, height: 900 }, timezoneId: 'UTC' })).newPage();
  await page.goto(wiki.page(`readings-${n}`, { attributes: { src, locale: 'en-US', ...attributes }, element, width: 900 }));
  return page;
}

const text = (page: Page, element: string, selector: string) =>
  page.evaluate(
    ([e, s]) => [...(document.querySelector(e!)?.shadowRoot?.querySelectorAll(s!) ?? [])].map((el) => el.textContent ?? ''),
    [element, selector],
  );

const candidate = (id: string, phi: number | null, lift: number | null) => ({
  id,
  name: id,
  newUnits: 100,
  doers: 40,
  reach: 0.4,
  retainedDoers: 0.6,
  retainedOthers: 0.2,
  lift,
  phi,
});

describe('the candidates table', () => {
  it('should show phi and lift with two decimals in every row, so "0.40" stands beside "0.39"', async () => {
    const body: CandidatesPayload = {
      k: 4,
      cohorts: ['2026-09-07', '2026-09-14'],
      candidates: [candidate('a', 0.4, 3), candidate('b', 0.39, 3.07), candidate('c', -0.1, 0.5), candidate('d', null, null)],
    } as CandidatesPayload;
    const page = await open('north-star-candidates', body);
    await page.waitForSelector('[part~="candidate"]');
    expect(await text(page, 'north-star-candidates', '[part~="phi"] .muted')).toEqual(['φ = 0.40', 'φ = 0.39', 'φ = -0.10']);
    expect(await text(page, 'north-star-candidates', '[part~="lift"]')).toEqual(['3.00×', '3.07×', '0.50×', '—']);
    expect(await text(page, 'north-star-candidates', '[part~="retention"]')).toEqual(
      Array(4).fill('60% of doers retained vs 20% of the others'),
    );
    await page.context().close();
  });
});

/** The known payload with the running week at 13 against 6 at this point last week, and the complete week before at `previous`. */
function smallBase(previous: number): MetricsPayload {
  const p = structuredClone(knownPayload());
  const c = p.current!;
  p.pace = { soFar: 13, sameTimeLastWeek: 6 };
  p.current = { ...c, previous, delta: c.value - previous, deltaPct: (c.value - previous) / previous };
  return p;
}

describe('the small-sample rule', () => {
  it('should withhold the pace percentage on a base of 6, as it withholds the pace estimate', async () => {
    const page = await open('north-star-metric', smallBase(1000));
    await settled(page);
    const [pace] = await text(page, 'north-star-metric', '[part~="pace"]');
    expect(pace).toBe('This week so far: 13 · at this point last week: 6');
    expect(pace).not.toContain('on pace for');
    await page.context().close();
  });

  it('should withhold the week-over-week percentage on a base of 6 and keep the change in units', async () => {
    const p = smallBase(6);
    const page = await open('north-star-metric', { ...p, current: { ...p.current!, value: 13, delta: 7, deltaPct: 7 / 6 } });
    await settled(page);
    expect(await text(page, 'north-star-metric', '[part~="delta"]')).toEqual(['+7 vs the week before']);
    await page.context().close();
  });
});

describe('the empty state', () => {
  it('should give a snippet after which an inline northstar.track() runs (the stub is in it)', async () => {
    const page = await open('north-star-metric', emptyPayload());
    await page.waitForSelector('north-star-metric >> [part~="snippet"]');
    const [snippet] = await text(page, 'north-star-metric', '[part~="snippet"]');
    expect(snippet).toContain('<script>');
    const errors: string[] = [];
    const product = await page.context().newPage();
    product.on('pageerror', (e) => errors.push(e.message));
    await product.setContent(
      `<!doctype html><html><head>${snippet}<script>northstar.track('workout_completed')</script></head><body></body></html>`,
    );
    expect(errors).toEqual([]);
    expect(await product.evaluate(() => (window as unknown as { northstar: { q: unknown[] } }).northstar.q.length)).toBe(1);
    await page.context().close();
  });
});

describe('"as of" on a page with both elements', () => {
  it('should print one clock, the reader’s, with the zone named, on the metric and the candidates cards', async () => {
    const metric = wiki.json('/v1/metrics/clock', { ...knownPayload(), timezone: 'Europe/Berlin' });
    const ranking = wiki.json('/v1/candidates', { k: 4, cohorts: ['2026-09-07'], candidates: [candidate('a', 0.4, 3)] });
    const page = await (await browser.newContext({ viewport: { width: 1000, height: 900 }, timezoneId: 'America/New_York' })).newPage();
    await page.goto(wiki.page('clock', { attributes: { src: metric, locale: 'en-US' }, width: 900 }));
    await page.evaluate((src) => {
      const script = document.createElement('script');
      script.type = 'module';
      script.src = '/widget-candidates.js';
      const el = document.createElement('north-star-candidates');
      el.setAttribute('src', src);
      el.setAttribute('locale', 'en-US');
      document.querySelector('main')!.append(script, el);
    }, ranking);
    await settled(page);
    await page.waitForSelector('north-star-candidates >> [part~="candidate"]');
    // The metric was computed at 12:00 UTC (fixtures.ts AS_OF): 7:00 AM in New York, whatever the config's zone.
    expect(await text(page, 'north-star-metric', '[part~="status"]')).toEqual(['as of Nov 25, 2026, 7:00 AM EST']);
    const [candidates] = await text(page, 'north-star-candidates', '[part~="status"]');
    expect(candidates).toMatch(/ · as of \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M EST$/);
    await page.context().close();
  });
});

describe('a metric without activation, retention and funnel (decision D1)', () => {
  it('should leave the supporting metrics out, with no empty list, and keep the skeleton’s height', async () => {
    const p = { ...knownPayload(), activation: null, retention: null, funnel: null };
    const page = await open('north-star-metric', p);
    await settled(page, 'chart');
    await page.waitForSelector('north-star-metric >> [part~="definition"]', { state: 'attached' });
    expect(await text(page, 'north-star-metric', '[part~="supporting"], [part~="activation"], [part~="dropoff"]')).toEqual([]);
    expect(await text(page, 'north-star-metric', '[part~="value"]')).toHaveLength(1);
    await page.context().close();
  });
});

describe('narrow screens (390 px)', () => {
  it('should stack the candidates table: every verdict inside the card, no horizontal scroll, no caption cut', async () => {
    const n = ++pages;
    const src = wiki.json(`/v1/candidates/narrow-${n}`, {
      k: 4,
      cohorts: ['2026-09-07', '2026-09-14'],
      candidates: [candidate('weekly-users-completing-three-full-workouts', 0.4, 3), candidate('b', 0.39, 3.07), candidate('c', 0.1, 1.2)],
    });
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: 'UTC' })).newPage();
    await page.goto(wiki.page(`narrow-${n}`, { attributes: { src, locale: 'en-US' }, element: 'north-star-candidates', width: 342 }));
    await page.waitForSelector('north-star-candidates >> [part~="candidate"]');
    const layout = await page.evaluate(() => {
      const root = document.querySelector('north-star-candidates')!.shadowRoot!;
      const card = root.querySelector('.card')!.getBoundingClientRect();
      const ranking = root.querySelector<HTMLElement>('.ranking')!;
      const caption = root.querySelector<HTMLElement>('caption')!;
      return {
        scrolls: ranking.scrollWidth > ranking.clientWidth,
        captionCut: caption.scrollWidth > caption.clientWidth || caption.getBoundingClientRect().right > card.right,
        outside: [...root.querySelectorAll('[part~="phi"], [part~="lift"]')]
          .filter((el) => el.getBoundingClientRect().right > card.right || el.getBoundingClientRect().width === 0)
          .map((el) => el.textContent),
        lift: root.querySelector('[part~="lift"]')!.textContent,
      };
    });
    expect(layout).toEqual({ scrolls: false, captionCut: false, outside: [], lift: '3.00×' });
    // Each figure says what it is once the column headers are gone.
    expect(
      await page.evaluate(() => {
        const lift = document.querySelector('north-star-candidates')!.shadowRoot!.querySelector('[part~="lift"]')!;
        return getComputedStyle(lift, '::before').content;
      }),
    ).toBe('"Lift: "');
    await page.context().close();
  });

  it('should label the compact card’s dotted estimate as this week’s pace', async () => {
    const p = knownPayload();
    const page = await open('north-star-metric', p, { compact: '' });
    await page.waitForSelector('north-star-metric >> [part~="sparkline"] svg');
    const soFar = p.pace.soFar.toLocaleString('en-US');
    expect(await text(page, 'north-star-metric', '[part~="sparkline"] .note')).toEqual([`Dotted: this week, on pace for ≈ ${soFar}`]);
    const shown = await page.evaluate(
      () => getComputedStyle(document.querySelector('north-star-metric')!.shadowRoot!.querySelector('.note')!).display,
    );
    expect(shown).not.toBe('none');
    await page.context().close();
  });
});
