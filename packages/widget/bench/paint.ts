/**
 * Time from connecting <north-star-metric> to the painted number and to the painted chart, with the
 * payload already cached in IndexedDB (a returning reader), at 12 and 520 weeks, in Chromium.
 * Needs dist/ (pnpm --filter @northstar/widget build).   pnpm --filter @northstar/widget bench
 *
 * "Painted" is the second animation frame after the number (or the northstar-chart event) appears:
 * the first frame's callbacks run before that frame is painted.
 */
import { computeMetrics } from '@northstar/core';
import { AS_OF, configWith, knownEvents, METRIC_ID } from '../test/fixtures.ts';
import { launch, startWiki } from '../test/lib/harness.ts';

const RUNS = Number(process.env.RUNS ?? 15);

const MEASURE = `({ src, weeks }) => new Promise((resolve) => {
  document.querySelector('north-star-metric')?.remove();
  const el = document.createElement('north-star-metric');
  el.setAttribute('src', src);
  el.setAttribute('weeks', String(weeks));
  el.setAttribute('locale', 'en-US');
  const painted = (then) => requestAnimationFrame(() => requestAnimationFrame(() => then(performance.now())));
  let number = 0;
  let cached = false;
  el.addEventListener('northstar-load', (e) => {
    if (number) return;
    cached = e.detail.freshness !== 'fresh';
    painted((t) => { number = t - t0; });
  });
  el.addEventListener('northstar-chart', () => painted((t) => {
    const chart = t - t0;
    const wait = () => (number ? resolve({ number, chart, cached }) : setTimeout(wait, 5));
    wait();
  }));
  const t0 = performance.now();
  document.querySelector('main').append(el);
})`;

const wiki = await startWiki();
const browser = await launch();
try {
  const rows: string[] = [];
  for (const weeks of [12, 520]) {
    // A small population per week keeps the 520-week log quick to compute; the payload's size is what matters.
    const payload = computeMetrics(
      configWith(),
      METRIC_ID,
      knownEvents(weeks, (w) => 30 + (w % 17)),
      AS_OF,
      weeks,
    );
    const src = wiki.json(`/v1/metrics/bench-${weeks}`, payload);
    const bytes = JSON.stringify(payload).length;
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await page.goto(wiki.page(`bench-${weeks}`, { attributes: {} }));
    await page.evaluate(() => customElements.whenDefined('north-star-metric'));

    // In-page code as a string: tsx would otherwise wrap its named functions in a helper the page lacks.
    const once = () =>
      page.evaluate(`(${MEASURE})(${JSON.stringify({ src, weeks })})`) as Promise<{ number: number; chart: number; cached: boolean }>;
    await once(); // fills IndexedDB and warms the chunks
    // Then the network is taken away, so every measured paint comes from the cached copy (localhost
    // would otherwise often beat the IndexedDB read and the cache path would go unmeasured).
    await page.route(`${src}*`, (route) => route.abort('connectionrefused'));
    const numbers: number[] = [];
    const charts: number[] = [];
    let fromCache = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await once();
      numbers.push(r.number);
      charts.push(r.chart);
      if (r.cached) fromCache++;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
    rows.push(
      `| ${weeks} | ${(bytes / 1024).toFixed(1)} KB | ${median(numbers).toFixed(1)} ms (p90 ${p90(numbers).toFixed(1)}) | ${median(charts).toFixed(1)} ms (p90 ${p90(charts).toFixed(1)}) | ${fromCache}/${RUNS} |`,
    );
    await context.close();
  }
  console.log(`Chromium ${browser.version()}, ${RUNS} runs each, payload cached in IndexedDB\n`);
  console.log('| weeks | payload | connect → number painted | connect → chart painted | first paint from cache |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
} finally {
  await browser.close();
  await wiki.stop();
}
