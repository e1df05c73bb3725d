// @vitest-environment node
/**
 * What a host page can and cannot do to the elements, in real Chromium (issue 13): a hostile wiki
 * theme changes nothing measurable inside the card (item 3), and theme="auto" follows the page's
 * own color-scheme before the OS's (item 13). Payloads are served by the wiki's server as JSON.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownCandidates, knownPayload } from './fixtures.ts';
import { launch, settled, startWiki, type Wiki } from './lib/harness.ts';

let browser: Browser;
let wiki: Wiki;
let pages = 0;
let metricSrc: string;
let candidatesSrc: string;

beforeAll(async () => {
  [browser, wiki] = await Promise.all([launch(), startWiki()]);
  metricSrc = wiki.json('/v1/metrics/host', knownPayload());
  candidatesSrc = wiki.json('/v1/candidates', knownCandidates());
});
afterAll(async () => {
  await browser?.close();
  await wiki?.stop();
});

type Element = 'north-star-metric' | 'north-star-candidates';

async function open(element: Element, attributes: Record<string, string> = {}, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 900, height: 1400 }, timezoneId: 'UTC', colorScheme })).newPage();
  const src = element === 'north-star-metric' ? metricSrc : candidatesSrc;
  await page.goto(wiki.page(`host-${++pages}`, { attributes: { src, locale: 'en-US', ...attributes }, element }));
  if (element === 'north-star-metric') await settled(page, 'chart');
  else await page.waitForSelector('north-star-candidates >> [part~="candidate"]');
  return page;
}

/** Every element in the shadow root: the inherited text properties a page could leak, and its box relative to the card. */
function measure(element: Element) {
  const root = document.querySelector(element)!.shadowRoot!;
  const card = root.querySelector('.card')!.getBoundingClientRect();
  return [...root.querySelectorAll<HTMLElement>('*')].map((el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const props = [
      'fontFamily',
      'fontSize',
      'fontStyle',
      'fontWeight',
      'fontVariant',
      'lineHeight',
      'letterSpacing',
      'wordSpacing',
    ] as const;
    const more = ['textTransform', 'textAlign', 'textIndent', 'textShadow', 'whiteSpace', 'color', 'visibility', 'cursor'] as const;
    // A hidden element's box is the viewport's origin, which the page moves: only shown boxes count.
    const box = r.width || r.height ? [r.left - card.left, r.top - card.top, r.width, r.height].map(Math.round) : [];
    return [el.tagName, el.getAttribute('part'), ...[...props, ...more].map((p) => s[p]), ...box].join(' | ');
  });
}

// A wiki theme that restyles everything it can reach, and a reset that unsets every property of every element.
const HOSTILE = [
  `html,body,main{text-transform:uppercase;letter-spacing:.3em;word-spacing:1em;font:italic 700 22px/3 Georgia,serif;font-variant:small-caps;
   text-align:right;text-indent:3em;text-shadow:0 0 2px red;white-space:pre;color:#c00;cursor:crosshair}`,
  // main keeps the column's width so the card's own width does not change.
  `*{all:unset} main{display:block!important;width:720px!important}`,
];

describe('a hostile host page', () => {
  it.each(['north-star-metric', 'north-star-candidates'] as const)('should change nothing measurable inside <%s>', async (element) => {
    const page = await open(element);
    const plain = await page.evaluate(measure, element);
    for (const css of HOSTILE) {
      const tag = await page.addStyleTag({ content: css });
      // Two frames: styles recalculated, any resize observed.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      expect(await page.evaluate(measure, element), css).toEqual(plain);
      await tag.evaluate((el) => (el as HTMLElement).remove());
    }
    if (element === 'north-star-candidates')
      expect(await page.evaluate(() => document.querySelector('north-star-candidates')!.shadowRoot!.textContent)).toContain('φ =');
    await page.context().close();
  });
});

const background = (page: Page, element: Element) =>
  page.evaluate((e) => getComputedStyle(document.querySelector(e)!.shadowRoot!.querySelector('[part~="base"]')!).backgroundColor, element);
const WHITE = 'rgb(255, 255, 255)';
const DARK = 'rgb(17, 24, 39)';

describe('theme="auto"', () => {
  it.each(['north-star-metric', 'north-star-candidates'] as const)(
    'should follow the page’s color-scheme before the OS’s in <%s>',
    async (element) => {
      // A light wiki on a dark OS gets light cards.
      let page = await open(element, {}, 'dark');
      expect(await background(page, element)).toBe(DARK);
      await page.addStyleTag({ content: ':root{color-scheme:light}' });
      await page.evaluate((e) => document.querySelector(e)!.setAttribute('weeks', '12'), element);
      await page.evaluate((e) => document.querySelector(e)!.setAttribute('locale', 'en-GB'), element);
      await expect.poll(() => background(page, element)).toBe(WHITE);
      await page.context().close();
      // A dark wiki on a light OS gets dark cards, from the first paint.
      page = await (await browser.newContext({ colorScheme: 'light', timezoneId: 'UTC' })).newPage();
      await page.route('**/page-light-720.css', (route) =>
        route.fulfill({ contentType: 'text/css', body: ':root{color-scheme:dark;background:#000}main{width:720px}' }),
      );
      const src = element === 'north-star-metric' ? metricSrc : candidatesSrc;
      await page.goto(wiki.page(`scheme-${++pages}`, { attributes: { src }, element }));
      await page.waitForSelector(`${element} >> [part~="base"]`);
      expect(await background(page, element)).toBe(DARK);
      // "light dark" leaves the choice to the OS, as a page without a color-scheme does.
      await page.addStyleTag({ content: ':root{color-scheme:light dark}' });
      await page.evaluate((e) => document.querySelector(e)!.setAttribute('locale', 'en-GB'), element);
      await expect.poll(() => background(page, element)).toBe(WHITE);
      await page.context().close();
    },
  );

  it('should let the theme attribute win over the page', async () => {
    const page = await open('north-star-metric', { theme: 'dark' }, 'light');
    expect(await background(page, 'north-star-metric')).toBe(DARK);
    await page.context().close();
  });
});
