import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from './lib/browser.ts';
import { useFixture } from './lib/fixture.ts';
import type { PageOptions } from './lib/pages.ts';

const f = useFixture();

/** Tracks as `user`, flushes, then leaves the page (the unload path must stay quiet too). */
async function trackAndLeave(page: Page, user: string): Promise<void> {
  await page.evaluate(async (user) => {
    window.northstar.identify(user);
    window.northstar.track('workout', { minutes: 30 });
    await window.northstar.flush();
  }, user);
  await page.goto('about:blank');
}

async function visit(path: string, options?: PageOptions): Promise<{ page: Page; sent: string[] }> {
  const page = await f.context.newPage();
  const { bodies } = f.recordDeliveries(page);
  await page.goto(f.productPage(path, options));
  return { page, sent: bodies };
}

describe('privacy', () => {
  const signals = {
    'Do-Not-Track': () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }),
    'Global Privacy Control': () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
  };

  for (const [signal, emulate] of Object.entries(signals)) {
    it(`should send nothing when the browser asks for ${signal}`, async () => {
      await f.context.addInitScript(emulate);
      const { page, sent } = await visit('/dnt');
      await trackAndLeave(page, `u_${signal}`);
      expect(sent).toEqual([]);
      expect(await f.collector.userEvents(`u_${signal}`)).toEqual([]);
    });
  }

  it('should track despite Do-Not-Track when the site sets data-respect-dnt="false"', async () => {
    await f.context.addInitScript(signals['Do-Not-Track']);
    const { page } = await visit('/dnt-ignored', { attributes: 'data-respect-dnt="false"' });
    await trackAndLeave(page, 'u_dnt_ignored');
    expect(
      await eventually(
        () => f.collector.userEvents('u_dnt_ignored'),
        (e) => e.length > 0,
      ),
    ).toHaveLength(1);
  });

  it('should ignore an automated browser (navigator.webdriver) unless told to track it', async () => {
    const { page, sent } = await visit('/automation', { asAutomation: true });
    expect(await page.evaluate(() => navigator.webdriver)).toBe(true);
    await trackAndLeave(page, 'u_automation');
    expect(sent).toEqual([]);
    expect(await f.collector.userEvents('u_automation')).toEqual([]);
  });

  it('should remember an opt-out across visits, drop what was queued, and track again after optIn()', async () => {
    const { page, sent } = await visit('/opt-out');
    await page.evaluate(() => {
      window.northstar.identify('u_opt_out');
      window.northstar.track('queued_before_opt_out'); // still waiting for the batching delay
      window.northstar.optOut();
      window.northstar.track('while_opted_out');
      return window.northstar.flush();
    });
    await page.reload();
    await trackAndLeave(page, 'u_opt_out');
    expect(sent).toEqual([]);
    expect(await f.collector.userEvents('u_opt_out')).toEqual([]);

    await page.goto(f.productPage('/opt-out'));
    await page.evaluate(() => {
      window.northstar.optIn();
      window.northstar.track('after_opt_in');
      return window.northstar.flush();
    });
    const events = await eventually(
      () => f.collector.userEvents('u_opt_out'),
      (e) => e.length > 0,
    );
    expect(events.map((e) => e.name)).toEqual(['after_opt_in']);
  });
});
