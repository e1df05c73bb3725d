// Main-thread cost of track() in Chromium, on the production script-tag build (run `pnpm build` first),
// in two situations: online (a real collector drains the queue as it goes) and offline with a full queue
// (the endpoint answers 404, so the stored queue, rewritten by every track(), holds 500..1000 events).
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/lib/browser.ts';
import { startCollector } from '../test/lib/collector.ts';
import { scriptTagPage } from '../test/lib/pages.ts';
import { type Site, startSite } from '../test/lib/site.ts';

const CALLS = 500;

async function measure(browser: Browser, site: Site, endpoint: string, queued: number) {
  const page = await browser.newPage();
  await page.goto(site.page(`/bench-${queued}`, scriptTagPage(endpoint, { src: '/dist/tracker.js' })));
  if (await page.evaluate(() => 'q' in window.northstar)) throw new Error('tracker.js did not load: still the stub');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // TaskDuration: every main-thread task (script, IndexedDB, network callbacks); ScriptDuration: the JS part.
  const seconds = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const of = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return [of('TaskDuration'), of('ScriptDuration')] as const;
  };
  const track = (calls: number, pause: number, really = true) =>
    page.evaluate(
      async ([calls, pause, really]) => {
        for (let n = 0; n < calls; n++) {
          if (really) window.northstar.track('workout_completed', { minutes: 17, cooldown: true, n, plan: 'pro' });
          if (pause >= 0) await new Promise((resolve) => setTimeout(resolve, pause));
        }
      },
      [calls, pause, really] as const,
    );
  await track(queued, -1);
  await page.waitForTimeout(1000);

  // The synchronous part, what the caller waits for: 50 calls back to back (performance.now() is too
  // coarse for one), one round per task.
  const rounds = await page.evaluate(async (calls) => {
    const perCall: number[] = [];
    for (let n = 0; n < calls; n += 50) {
      const t0 = performance.now();
      for (let k = 0; k < 50; k++) window.northstar.track('workout_completed', { minutes: 17, cooldown: true, n: n + k });
      perCall.push((performance.now() - t0) / 50);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return perCall.sort((a, b) => a - b);
  }, CALLS);
  await page.waitForTimeout(1000);

  // Everything the main thread spends, IndexedDB writes and deliveries included: one call per task, like
  // clicks, minus the same loop without track() (the loop and the browser's own work).
  const busyFor = async (really: boolean) => {
    const before = await seconds();
    await track(CALLS, 5, really);
    await page.waitForTimeout(1500); // let the last writes and sends land
    const after = await seconds();
    return [after[0] - before[0], after[1] - before[1]];
  };
  const idle = await busyFor(false);
  const busy = await busyFor(true);
  const perCall = (i: number) => +(((busy[i]! - idle[i]!) * 1000) / CALLS).toFixed(3);
  await page.close();
  return {
    'sync ms per track() (median)': +rounds[rounds.length >> 1]!.toFixed(4),
    'main-thread ms per track(), all included': perCall(0),
    'of which JS': perCall(1),
  };
}

export async function trackBench(): Promise<Record<string, Record<string, number>>> {
  const site = await startSite();
  const [collector, browser] = await Promise.all([startCollector(site.origin), launchChromium()]);
  try {
    return {
      'online (queue drains)': await measure(browser, site, collector.url, 0),
      'offline, 500..1000 queued': await measure(browser, site, `${site.origin}/nowhere`, 500),
    };
  } finally {
    await browser.close();
    await collector.stop();
    await site.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await trackBench());
