/**
 * Query benchmark (issue 3): the full payload of one metric (every count of MetricAggregates) at 1M
 * and 10M events (100k users, 52 weeks), cold (first query after opening the file) and warm,
 * against a plain `count(*) GROUP BY week` scan of the same table in the same run, and one metric's
 * candidate counts (12 weeks, k = 4) cold and warm. Warm figures are the median of WARM_RUNS runs
 * (the machine is shared, so single runs vary by 2x); the ratios divide by the scan of the same
 * run, and the load average is printed with them. Also prints the peak RSS of this process (the
 * bulk load runs in a child). Run: pnpm --filter @northstar/server exec tsx bench/query.ts [sizes…]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { calendarOf, DAY_MS, LIMIT_DEFAULTS, planCandidates, planMetric } from '@northstar/core';
import { openDuckDBStore } from '../src/store/index.ts';
import { BENCH_METRIC } from './lib/synthetic-events.ts';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const END = Date.UTC(2026, 10, 23, 17);
const WEEK = 7 * DAY_MS;

const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now();
  const v = await f();
  return [performance.now() - t, v];
};
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const WARM_RUNS = 5;
/** The first run (cold) and the median of WARM_RUNS more, with the last value. */
async function coldWarm<T>(f: () => Promise<T>): Promise<[number, number, T]> {
  const [cold, first] = await time(f);
  let value = first;
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const [ms, v] = await time(f);
    warm.push(ms);
    value = v;
  }
  warm.sort((a, b) => a - b);
  return [cold, warm[Math.floor(WARM_RUNS / 2)] as number, value];
}
const load = () => loadavg()[0]?.toFixed(1);

async function run(events: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'northstar-query-bench-'));
  const path = join(dir, 'northstar.duckdb');
  try {
    const t0 = performance.now();
    const gen = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('lib/generate-events.ts', import.meta.url)), path, String(events), String(END)],
      {
        stdio: 'inherit',
      },
    );
    if (gen.status !== 0) throw new Error('generating events failed');
    const genMs = performance.now() - t0;

    // The raw scan: every event into its week, counted.
    const raw = await DuckDBInstance.create(path);
    const rc = await raw.connect();
    const scanSql = `SELECT (ts - ${END - 52 * WEEK}) // ${WEEK} AS week, count(*) FROM events GROUP BY week`;
    const [scanCold, scanWarm] = await coldWarm(() => rc.runAndReadAll(scanSql));
    rc.closeSync();
    raw.closeSync();

    const store = await openDuckDBStore({ path });
    const config = {
      timezone: 'UTC',
      weekStart: 'monday' as const,
      sites: [],
      readTokens: [],
      limits: { ...LIMIT_DEFAULTS, requestsPerSecondPerAddress: 0, eventsPerSecondPerKey: 0 },
      metrics: [BENCH_METRIC],
    };
    const [prepMs] = await time(() => store.prepare(config));
    const plan = planMetric(calendarOf(config), BENCH_METRIC, END, 52);
    const loadBefore = load();
    const [cold, warm, agg] = await coldWarm(() => store.aggregates(BENCH_METRIC, plan));
    // Candidates (issue 15's benchmark 3): one metric's counts, as the candidates route asks per metric.
    const cplan = planCandidates(calendarOf(config), END, 12, 4);
    const [candCold, candWarm, cand] = await coldWarm(() => store.candidateCounts(BENCH_METRIC, cplan));
    await store.close();

    const f = (ms: number) => `${ms.toFixed(0)} ms`;
    console.log(
      `${(events / 1e6).toFixed(0)}M events: generate ${f(genMs)}, prepare ${f(prepMs)} | scan cold ${f(scanCold)} warm ${f(scanWarm)} (median of ${WARM_RUNS}) | payload cold ${f(cold)} warm ${f(warm)} | ratio warm ${(warm / scanWarm).toFixed(2)}x cold ${(cold / scanCold).toFixed(2)}x | candidates cold ${f(candCold)} warm ${f(candWarm)} (${(candWarm / scanWarm).toFixed(2)}x warm scan) | peak RSS ${rssMb()} MB | load average ${loadBefore} -> ${load()}`,
    );
    console.log(
      `  check: week -2 ${JSON.stringify(agg.weeks.at(-2))}, funnel ${JSON.stringify(agg.funnel)}, activation -6 ${JSON.stringify(agg.activation?.at(-6))}, candidates ${JSON.stringify(cand)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const n of sizes.length ? sizes : [1_000_000, 10_000_000]) await run(n);
