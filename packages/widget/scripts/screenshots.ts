/**
 * Makes docs/widget-light.png, docs/widget-dark.png and docs/widget-narrow.png from the real widget
 * (dist/, so run `pnpm --filter @northstar/widget build` first) in Chromium, against a real server
 * holding the known event log of the tests.
 *
 *   pnpm --filter @northstar/widget screenshots
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launch, settled, startNorthstar, startWiki } from '../test/lib/harness.ts';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));

const shots = [
  { file: 'widget-light.png', theme: 'light', width: 720, dark: false },
  { file: 'widget-dark.png', theme: 'dark', width: 720, dark: true },
  { file: 'widget-narrow.png', theme: 'light', width: 300, dark: false },
] as const;

const [browser, server, wiki] = await Promise.all([launch(), startNorthstar(), startWiki()]);
try {
  await mkdir(DOCS, { recursive: true });
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: shot.width + 48, height: 900 }, deviceScaleFactor: 2 });
    const url = wiki.page(shot.file, {
      attributes: { src: `${server.url}/v1/metrics/weekly-full-workouts`, token: 'rt_wiki', theme: shot.theme, locale: 'en-US' },
      width: shot.width,
      dark: shot.dark,
    });
    await page.goto(url);
    await settled(page, shot.width > 400 ? 'chart' : 'value');
    // Open the disclosure so the picture shows how the number is counted.
    if (shot.width > 400) await page.click('[part~="definition"] summary');
    await page.locator('north-star-metric').screenshot({ path: `${DOCS}${shot.file}`, animations: 'disabled' });
    console.log(`wrote docs/${shot.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
  await wiki.stop();
}
