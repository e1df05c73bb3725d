// @vitest-environment node
/**
 * The trend chart's x axis in real Chromium (issue 13, item 2): every label sits on a week's point
 * and names that week, and no two labels touch, at several widths, 12 and 26 weeks and in de-DE.
 * What the canvas draws is read by recording fillText (an init script, before the widget runs); the
 * points' positions by stepping the keyboard cursor through the weeks.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatWeek } from '../src/format.ts';
import { knownPayload } from './fixtures.ts';
import { launch, settled, startWiki, type Wiki } from './lib/harness.ts';

let browser: Browser;
let wiki: Wiki;

beforeAll(async () => {
  [browser, wiki] = await Promise.all([launch(), startWiki()]);
});
afterAll(async () => {
  await browser?.close();
  await wiki?.stop();
});

/** Records each canvas's texts since its last full clear (uPlot clears the canvas before each redraw). */
function recordCanvasText() {
  type Drawn = { text: string; x: number; width: number; align: string };
  const texts = new WeakMap<HTMLCanvasElement, Drawn[]>();
  const proto = CanvasRenderingContext2D.prototype;
  const fillText = proto.fillText;
  const clearRect = proto.clearRect;
  proto.clearRect = function (x, y, w, h) {
    if (x === 0 && y === 0) texts.set(this.canvas, []);
    return clearRect.call(this, x, y, w, h);
  };
  proto.fillText = function (text, x, y, max) {
    const list = texts.get(this.canvas) ?? [];
    texts.set(this.canvas, list);
    list.push({ text, x: this.getTransform().transformPoint({ x, y }).x, width: this.measureText(text).width, align: this.textAlign });
    return fillText.call(this, text, x, y, max);
  };
  (window as unknown as { __texts: typeof texts }).__texts = texts;
}

describe('the chart x axis', () => {
  it.each([
    [390, 12, 'en-US'],
    [600, 12, 'en-US'],
    [1280, 12, 'en-US'],
    [390, 26, 'en-US'],
    [600, 26, 'de-DE'],
    [1280, 26, 'de-DE'],
    [390, 26, 'de-DE'],
  ])('should put each label on a week start, never overlapping, in a %i px column with %i weeks (%s)', async (width, weeks, locale) => {
    const payload = knownPayload(weeks);
    const src = wiki.json(`/v1/metrics/axis-${weeks}`, payload);
    const page = await (await browser.newContext({ viewport: { width: width + 100, height: 900 } })).newPage();
    await page.addInitScript(recordCanvasText);
    await page.goto(wiki.page(`axis-${width}-${weeks}-${locale}`, { attributes: { src, weeks: String(weeks), locale }, width }));
    await settled(page, 'chart');
    // The x axis's labels are drawn centred; the y axis's right-aligned.
    const labels = await page.evaluate(() => {
      const canvas = document.querySelector('north-star-metric')!.shadowRoot!.querySelector('canvas')!;
      const texts = (
        window as unknown as { __texts: WeakMap<HTMLCanvasElement, { text: string; x: number; width: number; align: string }[]> }
      ).__texts;
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      return (texts.get(canvas) ?? [])
        .filter((t) => t.align === 'center')
        .map((t) => ({ text: t.text, x: t.x / ratio, width: t.width / ratio }));
    });
    // Each week's point, by the keyboard cursor (its x within the plot, plus the plot's left edge).
    await page.focus('north-star-metric >> .plot');
    await page.keyboard.press('Home');
    const points: { start: string; x: number }[] = [];
    for (const [i, w] of payload.weeks.entries()) {
      if (i > 0) await page.keyboard.press('ArrowRight');
      const x = await page.evaluate(() => {
        const root = document.querySelector('north-star-metric')!.shadowRoot!;
        const over = root.querySelector<HTMLElement>('.u-over')!;
        const cursor = root.querySelector<HTMLElement>('.u-cursor-x')!;
        return over.offsetLeft + new DOMMatrix(getComputedStyle(cursor).transform).m41;
      });
      points.push({ start: w.start, x });
    }
    expect(labels.length).toBeGreaterThanOrEqual(2);
    for (const label of labels) {
      const point = points.find((p) => Math.abs(p.x - label.x) <= 1);
      expect(point, `label "${label.text}" at x=${label.x} is on no week's point`).toBeDefined();
      expect(label.text).toBe(formatWeek(point!.start, locale, false));
    }
    // Evenly spaced: every k-th week, counted back from the latest.
    const at = labels.map((l) => points.findIndex((p) => Math.abs(p.x - l.x) <= 1));
    const steps = new Set(at.slice(1).map((i, n) => i - at[n]!));
    expect(steps.size).toBe(1);
    expect(at[at.length - 1]).toBe(weeks - 1);
    const sorted = [...labels].sort((a, b) => a.x - b.x);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1]!, sorted[i]!];
      expect(a.x + a.width / 2, `"${a.text}" and "${b.text}" overlap`).toBeLessThan(b.x - b.width / 2);
    }
    await page.context().close();
  });
});
