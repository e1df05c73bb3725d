/**
 * The first five minutes, end to end in real Chromium: a new user on the demo product site signs
 * up and completes three qualifying workouts; the team wiki's widget, without restarting anything,
 * shows the running week's "so far" one higher than before.
 *
 * Declared per "now" (demo.e2e.test.ts: today or NORTHSTAR_NOW; pinned-dates.test.ts: fixed dates),
 * since the seeded history, the running week and the cohorts all follow from it. The collector, the
 * history and the browser run on one clock, so the tracker's `ts`/`sentAt` agree with the server.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH } from '../../scripts/chromium.ts';
import { type RunningDemo, startDemo } from '../start.ts';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The demo's specs with the demo (and the browser's clock) starting at `now`; undefined: today. */
export function describeDemo(now: string | undefined): void {
  describe(`the demo, ${now === undefined ? 'today' : `now = ${now}`}`, () => {
    let demo: RunningDemo;
    let browser: Browser;
    let data: string;

    beforeAll(async () => {
      data = await mkdtemp(path.join(os.tmpdir(), 'northstar-demo-'));
      demo = await startDemo({ port: 0, sitePort: 0, data, quiet: true, now });
      browser = await chromium.launch(CHROMIUM_LAUNCH);
    });

    afterAll(async () => {
      await browser?.close();
      await demo?.stop();
      await rm(data, { recursive: true, force: true });
    });

    /** A browser context whose clock reads the demo's now and runs on in real time, like a visitor's. */
    async function visitor(): Promise<BrowserContext> {
      // The demo's people are in the config's zone; its DST changes then happen to the browser too.
      const context = await browser.newContext({ timezoneId: 'Europe/Berlin' });
      await context.clock.install({ time: demo.now() });
      return context;
    }

    async function newPage(): Promise<Page> {
      return (await visitor()).newPage();
    }

    async function soFar(page: Page): Promise<number> {
      await page.goto(demo.wiki);
      const pace = page.locator('north-star-metric#nsm').locator('[part~="pace"] strong');
      await pace.waitFor();
      return Number((await pace.textContent())?.replace(/[^\d]/g, ''));
    }

    it("should run the browser's clock on the demo's clock", async () => {
      const page = await newPage();
      await page.goto(demo.site);
      const [before, inPage, after] = [demo.now(), await page.evaluate(() => Date.now()), demo.now()];
      // Within the time the call took (plus a second of clock-install slack): never today's date.
      expect(inPage).toBeGreaterThanOrEqual(before - 1_000);
      expect(inPage).toBeLessThanOrEqual(after + 1_000);
      await page.context().close();
    });

    it('should show the seeded history on the wiki page as element, iframe and badge', async () => {
      const page = await newPage();
      await page.goto(demo.wiki);
      const value = page.locator('north-star-metric#nsm').locator('[part~="value"]');
      await value.waitFor();
      expect(Number((await value.textContent())?.replace(/[^\d]/g, ''))).toBeGreaterThan(0);
      await expect.poll(() => page.frameLocator('iframe').locator('north-star-metric').locator('[part~="value"]').count()).toBe(1);
      const badge = await page.evaluate(() => (document.querySelector('img') as HTMLImageElement).naturalWidth);
      expect(badge).toBeGreaterThan(0);
      await page.context().close();
    });

    it('should count a new user who completes three full workouts in the running week, live', async () => {
      const context = await visitor();
      const wiki = await context.newPage();
      const before = await soFar(wiki);

      const site = await context.newPage();
      await site.goto(demo.site);
      await site.fill('input[name="name"]', 'Grace');
      await site.fill('input[name="team"]', 'Navy');
      await site.click('button[type="submit"]');
      for (let i = 0; i < 3; i++) {
        await site.click('#start');
        await site.fill('input[name="minutes"]', '20');
        await site.click('#complete');
        await expect.poll(() => site.locator('#log li').count()).toBe(i + 1);
      }
      // The tracker delivers in the background; flush() resolves once the server acknowledged.
      await site.evaluate(() => (window as unknown as { northstar: { flush: () => Promise<void> } }).northstar.flush());

      await expect.poll(() => soFar(wiki), { timeout: 20_000 }).toBe(before + 1);
      await context.close();
    });

    it('should rank the candidates the same in the CLI, the endpoint and the element', async () => {
      const res = await fetch(`${demo.collector}/v1/candidates?weeks=12&k=4`, { headers: { authorization: 'Bearer rt_demo_wiki' } });
      const api = (await res.json()) as { candidates: { id: string; phi: number | null; newUnits: number }[] };
      expect(api.candidates.length).toBe(5);

      // The CLI finds the running server through the data directory and asks it.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          path.join(repo, 'packages/server/bin/northstar.js'),
          'candidates',
          '--config',
          path.join(data, 'demo.config.json'),
          '--data',
          data,
        ],
        { env: { ...process.env, NORTHSTAR_ADMIN_TOKEN: demo.adminToken } },
      );
      const cli = stdout
        .split('\n')
        .map((line) => /^([a-z0-9-]+)\s+(-?\d\.\d\d|—|-)\s/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ id: m[1], phi: m[2] }));
      expect(cli).toEqual(api.candidates.map((c) => ({ id: c.id, phi: c.phi === null ? '—' : c.phi.toFixed(2) })));

      const page = await newPage();
      await page.goto(demo.wiki);
      const rows = page.locator('north-star-candidates').locator('[part~="candidate"]');
      await expect.poll(() => rows.count()).toBe(api.candidates.length);
      const shown = await rows.evaluateAll((trs) =>
        trs.map((tr) => ({ id: tr.getAttribute('data-id'), phi: tr.querySelector('[part~="phi"] .muted')?.textContent ?? null })),
      );
      expect(shown).toEqual(api.candidates.map((c) => ({ id: c.id, phi: c.phi === null ? null : `φ = ${c.phi.toFixed(2)}` })));
      await page.context().close();
    });
  });
}
