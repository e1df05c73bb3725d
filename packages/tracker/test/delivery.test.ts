import type { TrackedEvent } from '@northstar/core';
import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from './lib/browser.ts';
import { useFixture } from './lib/fixture.ts';

const f = useFixture();

/** The `n` props of a user's stored events, sorted: each tracked n must appear exactly once. */
const numbers = (events: TrackedEvent[]) => events.map((e) => e.props?.n as number).sort((a, b) => a - b);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('delivery', () => {
  // Playwright does not report requests made while a page unloads, so the page counts its own beacons.
  const countBeacons = () => {
    const send = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      localStorage.beacons = Number(localStorage.beacons ?? 0) + 1;
      return send(url, data);
    };
  };
  const beaconsSent = async () =>
    Number((await f.context.storageState()).origins.flatMap((o) => o.localStorage).find((i) => i.name === 'beacons')?.value ?? 0);

  for (const [how, user, setup] of [
    ['sendBeacon', 'u_leave_beacon', countBeacons],
    [
      'a keepalive fetch where sendBeacon is missing',
      'u_leave_fetch',
      () => Object.defineProperty(Navigator.prototype, 'sendBeacon', { value: undefined }),
    ],
  ] as const) {
    it(`should deliver an event tracked right before the page is left, by ${how}`, async () => {
      await f.context.addInitScript(setup);
      const page = await f.context.newPage();
      await page.goto(f.productPage('/leave'));
      await page.evaluate((user) => {
        window.northstar.identify(user);
        window.northstar.track('workout', { n: 0 });
      }, user);
      // Leaving at once: the batching delay never ends, so only the pagehide path can deliver it.
      await page.goto('about:blank');
      const events = await eventually(
        () => f.collector.userEvents(user),
        (e) => e.length > 0,
      );
      expect(numbers(events)).toEqual([0]);
      if (how === 'sendBeacon') expect(await beaconsSent()).toBeGreaterThan(0);
    });
  }

  it('should deliver an event whose tab was closed at once, by the next visit at the latest', async () => {
    const url = f.productPage('/close');
    const page = await f.context.newPage();
    await page.goto(url);
    await page.evaluate(() => {
      window.northstar.identify('u_close');
      window.northstar.track('workout', { n: 0 });
    });
    await page.close();
    const next = await f.context.newPage();
    await next.goto(url);
    await next.evaluate(() => window.northstar.flush());
    const events = await eventually(
      () => f.collector.userEvents('u_close'),
      (e) => e.length > 0,
    );
    expect(numbers(events)).toEqual([0]);
  });

  it('should store every event exactly once after tracking offline across a reload', async () => {
    const url = f.productPage('/offline');
    const page = await f.context.newPage();
    await page.goto(url);
    await page.evaluate(() => window.northstar.identify('u_offline'));
    await f.context.setOffline(true);
    for (const n of range(0, 5)) await page.evaluate((n) => window.northstar.track('workout', { n }), n);
    await page.evaluate(() => window.northstar.flush()); // fails: offline
    await page.goto(url); // from the HTTP cache: still offline
    for (const n of range(5, 10)) await page.evaluate((n) => window.northstar.track('workout', { n }), n);
    await page.evaluate(() => window.northstar.flush());

    await f.context.setOffline(false); // the `online` event flushes
    const events = await eventually(
      () => f.collector.userEvents('u_offline'),
      (e) => e.length >= 10,
    );
    expect(numbers(events)).toEqual(range(0, 10));
  });

  it('should deliver once the collector recovers from a 429 and 500s, waiting out Retry-After', async () => {
    const page = await f.context.newPage();
    const attempts: number[] = [];
    const cors = { 'access-control-allow-origin': f.site.origin, 'access-control-expose-headers': 'retry-after' };
    await f.context.route(`${f.collector.url}/v1/events`, (route: Route) => {
      attempts.push(Date.now());
      // Retry-After 3 s is longer than the first backoff (0.5-1 s): only honouring it explains the wait.
      if (attempts.length === 1)
        return route.fulfill({
          status: 429,
          headers: { ...cors, 'retry-after': '3' },
          json: { error: 'rate_limited', message: 'slow down' },
        });
      if (attempts.length <= 3) return route.fulfill({ status: 500, headers: cors, json: { error: 'internal_error', message: 'down' } });
      return route.continue();
    });
    await page.goto(f.productPage('/failing'));
    await page.evaluate(() => {
      window.northstar.identify('u_failing');
      for (let n = 0; n < 3; n++) window.northstar.track('workout', { n });
      return window.northstar.flush();
    });
    const events = await eventually(
      () => f.collector.userEvents('u_failing'),
      (e) => e.length >= 3,
      30_000,
    );
    expect(numbers(events)).toEqual([0, 1, 2]);
    expect(attempts.length).toBeGreaterThanOrEqual(4);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(3000);
  });

  it('should not send any event twice when two tabs track at once', async () => {
    const url = f.productPage('/tabs');
    const tabs = await Promise.all([f.context.newPage(), f.context.newPage()]);
    const duplicates: number[] = [];
    for (const tab of tabs)
      tab.on('response', async (r) => {
        if (r.url() === `${f.collector.url}/v1/events` && r.status() === 200) duplicates.push((await r.json()).duplicates);
      });
    await Promise.all(tabs.map((tab) => tab.goto(url)));
    await Promise.all(
      tabs.map((tab, i) =>
        tab.evaluate(async (i) => {
          window.northstar.identify('u_tabs');
          for (let k = 0; k < 40; k++) {
            window.northstar.track('workout', { n: i * 100 + k });
            if (k % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 150 + 200 * Math.random()));
          }
          await window.northstar.flush();
        }, i),
      ),
    );
    const events = await eventually(
      () => f.collector.userEvents('u_tabs'),
      (e) => e.length >= 80,
    );
    expect(numbers(events)).toEqual([...range(0, 40), ...range(100, 140)]);
    // Web Locks: one tab at a time works through the shared queue, so nothing was even sent twice.
    expect(duplicates.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('should keep the queue in memory and still deliver where IndexedDB is unavailable', async () => {
    await f.context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    const page = await f.context.newPage();
    await page.goto(f.productPage('/no-idb'));
    await page.evaluate(() => {
      window.northstar.identify('u_no_idb');
      window.northstar.track('workout', { n: 0 });
      window.northstar.track('workout', { n: 1 });
      return window.northstar.flush();
    });
    const events = await eventually(
      () => f.collector.userEvents('u_no_idb'),
      (e) => e.length >= 2,
    );
    expect(numbers(events)).toEqual([0, 1]);
  });
});
