/**
 * Makes docs/widget-light.png, docs/widget-dark.png, docs/widget-narrow.png and (for
 * <north-star-candidates>) docs/widget-candidates.png from the real widget
 * (dist/, so run `pnpm --filter @northstar/widget build` first) in Chromium, against a real server
 * holding the known event log of the tests.
 *
 *   pnpm --filter @northstar/widget screenshots
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { candidatesConfig } from '../test/fixtures.ts';
import { ADMIN, launch, settled, startNorthstar, startWiki } from '../test/lib/harness.ts';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));

const shots = [
  { file: 'widget-light.png', theme: 'light', width: 720, dark: false },
  { file: 'widget-dark.png', theme: 'dark', width: 720, dark: true },
  { file: 'widget-narrow.png', theme: 'light', width: 300, dark: false },
] as const;

const [browser, server, wiki, candidates] = await Promise.all([
  launch(),
  startNorthstar(),
  startWiki(),
  startNorthstar(12, { ...candidatesConfig(), adminToken: ADMIN }),
]);
try {
  await mkdir(DOCS, { recursive: true });
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: shot.width + 48, height: 900 }, deviceScaleFactor: 2, timezoneId: 'UTC' });
    const url = wiki.page(shot.file, {
      attributes: { src: `${server.url}/v1/metrics/weekly-full-workouts`, token: 'rt_wiki', theme: shot.theme, locale: 'en-US' },
      width: shot.width,
      dark: shot.dark,
    });
    await page.goto(url);
    await settled(page, shot.width > 400 ? 'chart' : 'value');
    // The narrow card's sparkline comes with the details chunk, after the number.
    if (shot.width <= 400) await page.waitForSelector('[part~="sparkline"] svg', { state: 'attached' });
    // Open the disclosure so the picture shows how the number is counted.
    if (shot.width > 400) await page.click('[part~="definition"] summary');
    await page.locator('north-star-metric').screenshot({ path: `${DOCS}${shot.file}`, animations: 'disabled' });
    console.log(`wrote docs/${shot.file}`);
    await page.close();
  }
  const page = await browser.newPage({ viewport: { width: 900 + 48, height: 900 }, deviceScaleFactor: 2, timezoneId: 'UTC' });
  await page.goto(
    wiki.page('candidates', {
      attributes: { src: `${candidates.url}/v1/candidates`, token: 'rt_wiki', weeks: '12', k: '4', theme: 'light', locale: 'en-US' },
      width: 900,
      element: 'north-star-candidates',
    }),
  );
  await page.waitForSelector('[part~="candidate"]');
  await page.locator('north-star-candidates').screenshot({ path: `${DOCS}widget-candidates.png`, animations: 'disabled' });
  console.log('wrote docs/widget-candidates.png');
} finally {
  await browser.close();
  await candidates.stop();
  await server.stop();
  await wiki.stop();
}
