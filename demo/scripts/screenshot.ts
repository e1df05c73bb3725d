/**
 * Makes docs/demo-wiki.png: the demo's team wiki page, from the real demo (collector, seeded
 * history, widget, iframe and badge) in Chromium. `pnpm build` first; then
 * `tsx demo/scripts/screenshot.ts [--out docs/demo-wiki.png]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../../scripts/chromium.ts';
import { startDemo } from '../start.ts';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = path.resolve(values.out ?? path.join(repo, 'docs/demo-wiki.png'));

const data = await mkdtemp(path.join(os.tmpdir(), 'northstar-shot-'));
const demo = await startDemo({ port: 0, sitePort: 0, data, quiet: true });
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(demo.wiki);
  await page.locator('north-star-metric#nsm').locator('[part~="value"]').first().waitFor();
  // Charts and the iframe's widget render after the number; give them a moment to settle.
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
  await demo.stop();
  await rm(data, { recursive: true, force: true });
}
