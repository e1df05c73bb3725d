import { describe, expect, it } from 'vitest';
import { eventually } from './lib/browser.ts';
import { useFixture } from './lib/fixture.ts';

const f = useFixture();

describe('automatic pageviews (data-pageviews)', () => {
  it('should track the landing page and each SPA navigation once, by path', async () => {
    const page = await f.context.newPage();
    await page.goto(f.productPage('/app', { attributes: 'data-pageviews', before: "northstar.identify('u_spa')" }));
    await page.evaluate(async () => {
      // Navigations a few ms apart, so each pageview has its own timestamp and the order below is defined.
      const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
      history.pushState({}, '', '/app/plans?ref=mail');
      history.replaceState({ scrolled: true }, ''); // same path: not a new page
      await tick();
      history.pushState({}, '', '/app/checkout#card');
      await tick();
      const back = new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
      history.back();
      await back;
      await window.northstar.flush();
    });
    const events = await eventually(
      () => f.collector.userEvents('u_spa'),
      (e) => e.length >= 4,
    );
    expect(events.sort((a, b) => a.ts - b.ts).map((e) => [e.name, e.props])).toEqual([
      ['pageview', { path: '/app' }],
      ['pageview', { path: '/app/plans' }],
      ['pageview', { path: '/app/checkout' }],
      ['pageview', { path: '/app/plans' }],
    ]);
  });

  it('should track no pageview unless asked to', async () => {
    const page = await f.context.newPage();
    await page.goto(f.productPage('/quiet', { before: "northstar.identify('u_quiet'); northstar.track('marker')" }));
    await page.evaluate(() => {
      history.pushState({}, '', '/quiet/elsewhere');
      return window.northstar.flush();
    });
    const events = await eventually(
      () => f.collector.userEvents('u_quiet'),
      (e) => e.length > 0,
    );
    expect(events.map((e) => e.name)).toEqual(['marker']);
  });
});
