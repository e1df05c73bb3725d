/**
 * The ClickHouse store, in one run (issue 8):
 *  1. ingest: POST /v1/events through `northstar serve --store clickhouse` (batches of 50 and single
 *     events) against a bare node:http server answering 204 (the same baseline as bench/ingest.ts),
 *     then a zero-loss check counted in ClickHouse;
 *  2. the payload query on 10M events (generated inside ClickHouse) against the raw-scan baseline
 *     `count() GROUP BY week` over the same table, and the candidate counts.
 * Needs a server: `eval "$(scripts/clickhouse/start.sh)"` (reads NORTHSTAR_CLICKHOUSE_URL).
 * BENCH_EVENTS (default 10,000,000), BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 32).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@clickhouse/client';
import { assemblePayload, calendarOf, DAY_MS, parseConfig, planCandidates, planMetric } from '@northstar/core';
import autocannon, { type Result } from 'autocannon';
import { openClickHouseStore } from '../src/store/clickhouse/index.ts';
import { BENCH_METRIC } from './lib/synthetic-events.ts';

const URL_ = process.env.NORTHSTAR_CLICKHOUSE_URL;
if (!URL_) {
  console.log('skipped: NORTHSTAR_CLICKHOUSE_URL is not set (run `eval "$(scripts/clickhouse/start.sh)"` first)');
  process.exit(0);
}
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BIN = fileURLToPath(new URL('../bin/northstar.js', import.meta.url));
const KEY = 'pk_bench';
const RUN = Date.now().toString(36);
const WEEK = 7 * DAY_MS;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// The same metric as the embedded store's query bench, so the two stores' figures compare.
const config = parseConfig({
  adminToken: 'env:NORTHSTAR_ADMIN_TOKEN',
  sites: [{ key: KEY, origins: [] }],
  readTokens: [{ token: 'rt_bench', metrics: ['*'] }],
  limits: { requestsPerSecondPerAddress: 0, eventsPerSecondPerKey: 0 },
  metrics: [BENCH_METRIC],
});

// ---------------------------------------------------------------- 1. ingest through the collector

function ready(child: ChildProcess, pattern: RegExp): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const m = pattern.exec(output);
      if (m) resolve(m[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

let batchNo = 0;
function batchBody(n: number): string {
  const now = Date.now();
  const b = batchNo++;
  const events = [];
  for (let i = 0; i < n; i++) {
    events.push(
      `{"id":"${RUN}-${b}-${i}","name":"bench_event","ts":${now},"userId":"u${(b * n + i) % 5000}","props":{"minutes":${i % 40}}}`,
    );
  }
  return `{"key":"${KEY}","sentAt":${now},"events":[${events.join(',')}]}`;
}

async function load(url: string, perRequest: number): Promise<{ result: Result; accepted: number; sent: number }> {
  let accepted = 0;
  let sent = 0;
  const result = await autocannon({
    url: `${url}/v1/events`,
    connections: CONNECTIONS,
    duration: DURATION,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          sent += perRequest;
          return { ...req, body: batchBody(perRequest) };
        },
        onResponse: (status, body) => {
          if (status === 200) accepted += (JSON.parse(body) as { accepted: number }).accepted;
        },
      },
    ],
  });
  return { result, accepted, sent };
}

function report(label: string, r: Result, perRequest: number): void {
  const failed = r.errors + r.timeouts + r.non2xx;
  console.log(
    `${label.padEnd(34)} ${fmt(r.requests.average).padStart(8)} req/s ${fmt(r.requests.average * perRequest).padStart(9)} events/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  failed ${failed}`,
  );
}

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
  const code = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(204); s.end(); }); })
    .listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });
    process.on('SIGTERM', () => process.exit(0));`;
  const bare = spawn(process.execPath, ['-e', code]);
  const bareUrl = await ready(bare, /listening on (http:\/\/\S+)/);
  const baseline = await load(bareUrl, 1);
  await stop(bare);
  report('bare node:http 204', baseline.result, 1);

  const dir = await mkdtemp(join(tmpdir(), 'northstar-bench-ch-'));
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify({ ...config, metrics: [BENCH_METRIC] }));
  const server = spawn(
    process.execPath,
    [BIN, 'serve', '--quiet', '--port', '0', '--config', file, '--store', 'clickhouse', '--clickhouse-url', URL_],
    {
      env: { ...process.env, NORTHSTAR_ADMIN_TOKEN: 'adm_bench' },
    },
  );
  try {
    const url = await ready(server, /Northstar listening on (http:\/\/\S+)/);
    const batch = await load(url, 50);
    report('northstar+clickhouse batch of 50', batch.result, 50);
    const single = await load(url, 1);
    report('northstar+clickhouse single event', single.result, 1);
    console.log(`single-event / bare ratio: ${(single.result.requests.average / baseline.result.requests.average).toFixed(2)}`);
    // The serve command's store uses the database `northstar`; count this run's ids, first copy only.
    const stored = await count(`SELECT uniqExact(id) AS n FROM northstar.events WHERE id LIKE '${RUN}-%'`);
    const acknowledged = batch.accepted + single.accepted;
    const sent = batch.sent + single.sent;
    const ok = stored >= acknowledged && stored <= sent;
    console.log(`acknowledged ${fmt(acknowledged)}, stored ${fmt(stored)}, sent ${fmt(sent)}: ${ok ? 'zero loss' : 'LOSS OR EXCESS'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await stop(server);
    await rm(dir, { recursive: true, force: true });
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
    `sanity: current week value ${p.current?.value}, active units ${p.weeks.at(-2)?.activeUnits}, funnel ${p.funnel.steps.map((s) => s.units).join(' > ')}`,
  );
} finally {
  await bench.close();
  await client.close();
}
