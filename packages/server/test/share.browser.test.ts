/**
 * The embed page and the badge as a wiki uses them, in real Chromium: a host page on another
 * origin frames /embed/:id with the README's host script, and shows /badge/:id.svg in an <img>.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH } from '../../../scripts/chromium.ts';
import { ADMIN, DAY, NOW, type Running, removeDir, startServer } from './lib/http-fixture.ts';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The host script exactly as the README gives it (the block that handles northstar:height). */
const HOST_SCRIPT = (() => {
  const block = [...README.matchAll(/<script>\n([\s\S]*?)<\/script>/g)]
    .map((m) => m[1] as string)
    .find((s) => s.includes('northstar:height'));
  if (!block) throw new Error('README.md has no host script for northstar:height');
  return block;
})();

/** The README's iframe attributes (width, height, style), applied to the test's own src. */
const IFRAME_ATTRIBUTES = (() => {
  const tag = /<iframe src="[^"]*\/embed\/[^"]*"([^>]*)><\/iframe>/.exec(README);
  if (!tag) throw new Error('README.md has no iframe snippet');
  return tag[1] as string;
})();

let s: Running;
let host: Server;
let hostUrl: string;
let browser: Browser;
const pages = new Map<string, string>();

beforeAll(async () => {
  s = await startServer();
  // Six weeks of history: a full card (number, chart, details).
  const lines: string[] = [];
  for (let w = 0; w < 6; w++)
    for (let u = 0; u < 30 + 5 * w; u++)
      for (let k = 0; k < 3; k++)
        lines.push(
          JSON.stringify({
            id: `h-${w}-${u}-${k}`,
            name: 'workout_completed',
            ts: NOW - (5 - w) * 7 * DAY - (k + 1) * 3_600_000,
            userId: `u${u}`,
            props: { minutes: 20 },
          }),
        );
  const res = await fetch(`${s.url}/v1/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-ndjson' },
    body: `${lines.join('\n')}\n`,
  });
  expect(res.status).toBe(200);
  host = createHttpServer((req, res) => {
    const html = pages.get(req.url ?? '');
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  browser = await chromium.launch(CHROMIUM_LAUNCH);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
  await s?.stop();
  await removeDir(s.dataDir);
});

/** A wiki page on the host origin framing the given embed URLs with the README's snippet and script. */
function wikiPage(name: string, frames: string[], images: string[] = []): string {
  pages.set(
    `/${name}.html`,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Wiki</title></head><body style="margin:16px;font-family:serif">
<h1>Team wiki</h1>
${frames.map((src, i) => `<iframe id="f${i}" title="North Star ${i}" src="${s.url}${src}"${IFRAME_ATTRIBUTES}></iframe>`).join('\n')}
${images.map((src, i) => `<img id="i${i}" alt="badge ${i}" src="${s.url}${src}">`).join('\n')}
<script>
${HOST_SCRIPT}</script>
</body></html>`,
  );
  return `${hostUrl}/${name}.html`;
}

/** The frame's height on the host page and the height of the document inside it. */
async function frameFit(page: Page, id: string): Promise<{ frame: number; content: number }> {
  const frame = await page.$eval(`#${id}`, (f) => (f as HTMLIFrameElement).getBoundingClientRect().height);
  const content = await page
    .frameLocator(`#${id}`)
    .locator('html')
    .evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
  return { frame, content };
}

describe('the embed page in a host page', () => {
  it.each([390, 1280])(
    'should resize its iframe to the card it holds, at %i px',
    async (width) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(wikiPage(`fit-${width}`, ['/embed/full-workouts?token=rt_one&locale=en-US']));
      const card = page.frameLocator('#f0').locator('north-star-metric');
      await expect.poll(() => card.locator('[part~="value"]').count(), { timeout: 15_000 }).toBe(1);
      // Once the widget has settled, the frame is exactly as tall as its content: nothing cut, nothing empty.
      await expect
        .poll(
          async () => {
            const { frame, content } = await frameFit(page, 'f0');
            return frame === content && content > 150 ? 'fits' : `frame ${frame} px, content ${content} px`;
          },
          { timeout: 15_000 },
        )
        .toBe('fits');
      const { frame } = await frameFit(page, 'f0');
      expect(frame).not.toBe(540);
      const scroll = await page
        .frameLocator('#f0')
        .locator('html')
        .evaluate((html) => html.scrollHeight - html.clientHeight);
      expect(scroll).toBe(0);
      await context.close();
    },
    60_000,
  );

  it('should pass locale and compact on to the widget it holds, and fit the frame to the compact card', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(
      wikiPage('locale-compact', [
        '/embed/full-workouts?token=rt_one&locale=en-US',
        '/embed/full-workouts?token=rt_one&locale=de-DE&compact',
      ]),
    );
    const text = (id: string) =>
      page
        .frameLocator(`#${id}`)
        .locator('north-star-metric')
        .evaluate((el) => el.shadowRoot?.textContent ?? '');
    await expect.poll(() => text('f1'), { timeout: 15_000 }).toContain('9. Nov. 2026');
    await expect.poll(() => text('f0'), { timeout: 15_000 }).toContain('Nov 9, 2026');
    await expect
      .poll(
        async () => {
          const [full, compact] = [await frameFit(page, 'f0'), await frameFit(page, 'f1')];
          return full.frame === full.content && compact.frame === compact.content && compact.frame < full.frame;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await context.close();
  }, 60_000);

  it('should show a bad token as a small error card, and shrink the frame to it', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await page.goto(wikiPage('bad-token', ['/embed/full-workouts?token=rt_nope', '/embed/full-workouts?token=rt_one&compact=maybe']));
    const card = page.frameLocator('#f0').locator('[role="alert"]');
    await expect.poll(() => card.locator('h1').textContent(), { timeout: 15_000 }).toBe('Token not valid');
    expect(await card.textContent()).toContain('the token is not a read token of this server');
    const param = page.frameLocator('#f1').locator('[role="alert"]');
    await expect.poll(() => param.locator('h1').textContent(), { timeout: 15_000 }).toBe('Invalid parameter in the URL');
    expect(await param.textContent()).toContain('compact must be empty (present means compact), true or false (received "maybe")');
    // The card is styled (its hashed style applied under the page's CSP), and the frame fits it.
    expect(await card.evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('solid');
    await expect.poll(async () => (await frameFit(page, 'f0')).frame, { timeout: 15_000 }).toBeLessThan(200);
    const { frame, content } = await frameFit(page, 'f0');
    expect(frame).toBe(content);
    await context.close();
  }, 60_000);
});

describe('the badge in an <img>', () => {
  it('should render an error badge for a bad token or a bad parameter instead of a broken image', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await page.goto(
      wikiPage(
        'badges',
        [],
        [
          '/badge/full-workouts.svg?token=rt_one',
          '/badge/full-workouts.svg?token=rt_nope',
          '/badge/team-workouts.svg?token=rt_one',
          '/badge/full-workouts.svg?token=rt_one&theme=neon',
        ],
      ),
    );
    for (const id of ['i0', 'i1', 'i2', 'i3']) {
      await page.waitForFunction((i) => (document.getElementById(i) as HTMLImageElement).complete, id);
      const size = await page.$eval(`#${id}`, (img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]);
      expect(size[0], id).toBe(360);
      expect(size[1], id).toBeGreaterThan(50);
    }
    await context.close();
  }, 60_000);
});
