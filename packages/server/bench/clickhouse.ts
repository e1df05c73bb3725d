import { createClient } from '@clickhouse/client';
import { assemblePayload, calendarOf, DAY_MS, parseConfig, planCandidates, planMetric } from '@northstar/core';
import { openClickHouseStore } from '../src/store/clickhouse/index.ts';
import { fmt, ingestLoad, type LoadRun, newRun, report } from './lib/ingest-load.ts';
import { LOAD_GENERATOR_LIMITS, startBareServer, startNorthstar } from './lib/servers.ts';
import { BENCH_METRIC } from './lib/synthetic-events.ts';

const URL_ = process.env.NORTHSTAR_CLICKHOUSE_URL;
if (!URL_) {
  console.log('skipped: NORTHSTAR_CLICKHOUSE_URL is not set (run `eval "$(scripts/clickhouse/start.sh)"` first)');
  process.exit(0);
}
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const KEY = 'pk_bench';
const RUN = newRun();
const WEEK = 7 * DAY_MS;

// The same metric as the embedded store's query bench, so the two stores' figures compare.
const config = parseConfig({
  adminToken: 'env:NORTHSTAR_ADMIN_TOKEN',
  sites: [{ key: KEY, origins: [] }],
  readTokens: [{ token: 'rt_bench', metrics: ['*'] }],
  limits: LOAD_GENERATOR_LIMITS,
  metrics: [BENCH_METRIC],
});

// ---------------------------------------------------------------- 1. ingest through the collector

const load = (url: string, perRequest: number): Promise<LoadRun> =>
  ingestLoad({ url, key: KEY, run: RUN, perRequest, connections: CONNECTIONS, duration: DURATION });

const client = createClient({
  url: URL_,
  request_timeout: 600_000,
  compression: { request: false, response: false },
  clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '10000' },
});
const count = async (query: string): Promise<number> => {
  const rs = await client.query({ query, format: 'JSONEachRow' });
  return Number(((await rs.json()) as { n: string | number }[])[0]?.n ?? 0);
};

console.log(`clickhouse benchmark: ${CONNECTIONS} connections, ${DURATION} s per ingest scenario, ${fmt(EVENTS)} events for the query`);
{
  const bare = await startBareServer();
  const baseline = await load(bare.url, 1);
  await bare.stop();
  report('bare node:http 204', baseline, 34);

  const server = await startNorthstar(config, ['--store', 'clickhouse', '--clickhouse-url', URL_]);
  try {
    const batch = await load(server.url, 50);
    report('northstar+clickhouse batch of 50', batch, 34);
    const single = await load(server.url, 1);
    report('northstar+clickhouse single event', single, 34);
    console.log(`single-event / bare ratio: ${(single.result.requests.average / baseline.result.requests.average).toFixed(2)}`);
    // The serve command's store uses the database `northstar`; count this run's ids (they end in its
    // tag), first copy only.
    const stored = await count(`SELECT uniqExact(id) AS n FROM northstar.events WHERE id LIKE '%-${RUN}'`);
    const acknowledged = batch.accepted + single.accepted;
    const sent = batch.sent + single.sent;
    const ok = stored >= acknowledged && stored <= sent;
    console.log(`acknowledged ${fmt(acknowledged)}, stored ${fmt(stored)}, sent ${fmt(sent)}: ${ok ? 'zero loss' : 'LOSS OR EXCESS'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------- 2. the payload query on 10M events

const DB = 'northstar_bench';
const asOf = Date.UTC(2026, 10, 23, 17);
const SPAN = 12 * WEEK;
const BASE = asOf - SPAN;
const USERS = Math.max(1, Math.round(EVENTS / 100));
const store = await openClickHouseStore({ url: URL_, database: DB });
try {
  const have = await count(`SELECT count() AS n FROM ${DB}.events`);
  if (have !== EVENTS) {
    await client.command({ query: `TRUNCATE TABLE ${DB}.events` }).catch(async () => {
      // 18.16 cannot TRUNCATE a MergeTree table; drop it and let the store create it again.
      await client.command({ query: `DROP TABLE IF EXISTS ${DB}.events` });
    });
    await store.close();
    const fresh = await openClickHouseStore({ url: URL_, database: DB });
    await fresh.close();
    const t = performance.now();
    const CHUNK = 1_000_000;
    // Generated inside ClickHouse: ~100 events per user over 12 weeks, the demo's event mix, two props.
    for (let offset = 0; offset < EVENTS; offset += CHUNK) {
      const size = Math.min(CHUNK, EVENTS - offset);
      await client.command({
        query: `INSERT INTO ${DB}.events (id, seq, name, ts, user_id, anonymous_id, has_groups, group_types, group_ids, has_props, prop_keys, prop_types, prop_strings, prop_bits)
SELECT concat('ev-', toString(n)), n + 1,
  ['view', 'view', 'signup', 'workout_started', 'workout_completed', 'workout_completed'][cityHash64(n, 2) % 6 + 1],
  toInt64(${BASE} + cityHash64(n, 1) % ${SPAN}),
  concat('u', toString(cityHash64(n) % ${USERS})), '',
  1, ['team'], [concat('t', toString(cityHash64(n) % ${USERS} % 5000))],
  1, ['minutes', 'cooldown'], [3, 4], ['', ''],
  [reinterpretAsUInt64(reinterpretAsString(toFloat64(cityHash64(n, 3) % 40))), reinterpretAsUInt64(reinterpretAsString(toFloat64(cityHash64(n, 4) % 2)))]
FROM (SELECT number + ${offset} AS n FROM system.numbers LIMIT ${size})`,
      });
    }
    console.log(`generated ${fmt(EVENTS)} events (${fmt(USERS)} users) in ClickHouse in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
} finally {
  await store.close().catch(() => {});
}

const bench = await openClickHouseStore({ url: URL_, database: DB });
try {
  const metric = config.metrics[0] as (typeof config.metrics)[number];
  const calendar = calendarOf(config);
  const plan = planMetric(calendar, metric, asOf, 12);
  const cplan = planCandidates(calendar, asOf, 12, 4);
  const time = async <T>(label: string, runs: number, fn: () => Promise<T>): Promise<number> => {
    await fn(); // warm-up: marks and column files in the page cache
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    console.log(
      `${label.padEnd(44)} median ${fmt(median).padStart(6)} ms  (min ${fmt(times[0] as number)}, max ${fmt(times[times.length - 1] as number)}, ${runs} runs)`,
    );
    return median;
  };
  const baseline = await time('raw scan: count() GROUP BY week', 5, () =>
    count(`SELECT count() AS n FROM (SELECT intDiv(ts - ${BASE}, ${WEEK}) AS w, count() FROM ${DB}.events GROUP BY w)`),
  );
  const payload = await time('payload: aggregates + assemblePayload', 3, async () =>
    assemblePayload(metric, config.timezone, plan, await bench.aggregates(metric, plan)),
  );
  const candidates = await time('candidate counts (k = 4)', 3, () => bench.candidateCounts(metric, cplan));
  console.log(`payload / raw scan: ${(payload / baseline).toFixed(1)}x; candidates / raw scan: ${(candidates / baseline).toFixed(1)}x`);
  const p = assemblePayload(metric, config.timezone, plan, await bench.aggregates(metric, plan));
  console.log(
    `sanity: current week value ${p.current?.value}, active units ${p.weeks.at(-2)?.activeUnits}, funnel ${p.funnel?.steps.map((s) => s.units).join(' > ')}`,
  );
} finally {
  await bench.close();
  await client.close();
}
