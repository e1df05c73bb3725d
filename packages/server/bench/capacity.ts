/**
 * How many events the embedded store holds, and how ingest holds up as it fills (issue 15,
 * benchmark 1): events go through the real store API, a group of 10,000 at a time, with ids shaped
 * like the tracker's (version 7 UUIDs made at the event's time, random otherwise) over two years of
 * history, until CAPACITY_MAX (default 100M) or a failure, at the default memory limit unless
 * NORTHSTAR_DUCKDB_MEMORY says otherwise. Prints the ingest rate of the last million events at 1M,
 * 10M, 50M and 100M stored, the peak RSS, and the bytes on disk per event. Then it closes the
 * store, opens it again, and re-sends a sample of ids from the whole history (each must come back
 * a duplicate, whatever ts it is re-sent with) beside as many new ids (each must be stored).
 *
 * Through the API this machine stores 10-40k events/s with the demo metric's rollups (its JSON
 * props and rollup merges cost more than dedupe), so 100M would take hours. With CAPACITY_FILL=sql
 * (the default) the events between the measured million before each mark are written by SQL
 * instead: the same rows (v7 ids with their id_t, names, times, users, props) straight into
 * `events`, the store closed meanwhile; the rollups then hold only the API's events, which changes
 * nothing the bench measures (they are per unit and week, 200,000 users here, not per event).
 * CAPACITY_FILL=api sends all of it through the API.
 *   npx tsx bench/capacity.ts                         (100M: about 20 minutes on 2 cores)
 *   CAPACITY_MAX=10000000 CAPACITY_FILL=api npx tsx bench/capacity.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, parseConfig, type StoredEvent } from '@northstar/core';
import { openDuckDBStore } from '../src/store/index.ts';
import { fillEventsApart } from './lib/fill-events.ts';
import { BENCH_METRIC } from './lib/synthetic-events.ts';
import { v7 } from './lib/v7-id.ts';

const MAX = Number(process.env.CAPACITY_MAX ?? 100_000_000);
const GROUP = 10_000;
const MARKS = [1e6, 1e7, 5e7, 1e8].filter((m) => m <= MAX);
const WINDOW = 1_000_000;
const FILL_BY_SQL = (process.env.CAPACITY_FILL ?? 'sql') === 'sql';
const SAMPLE_EVERY = Math.max(1, Math.floor(MAX / 10_000));
const END = Date.UTC(2026, 11, 7);
const SPAN = 104 * 7 * DAY_MS;

/** Event `n`'s time: times rise with n (the collector receives events in time order). */
const timeOf = (n: number) => END - SPAN + Math.floor((n / MAX) * SPAN);

/** Event `n` of the history. */
function event(n: number): StoredEvent {
  const ts = timeOf(n);
  return {
    id: v7(ts),
    name: n % 3 ? 'workout_completed' : 'workout_started',
    ts,
    userId: `u${n % 200_000}`,
    props: { minutes: n % 40, cooldown: true },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'northstar-capacity-'));
const path = join(dir, 'northstar.duckdb');
const config = parseConfig({ metrics: [BENCH_METRIC] });
const limit = process.env.NORTHSTAR_DUCKDB_MEMORY ?? 'the default';
console.log(
  `capacity: up to ${MAX.toLocaleString('en')} events, memory limit ${limit}, ${FILL_BY_SQL ? 'filled by SQL between measured millions' : 'all through the API'}`,
);
let store = await openDuckDBStore({ path });
await store.prepare(config);
const sample: StoredEvent[] = [];
let stored = 0;
let apiEvents = 0;
let apiSeconds = 0;
let stop = `reached ${MAX.toLocaleString('en')}`;
const rates: string[] = [];
const started = performance.now();
try {
  for (const mark of MARKS) {
    if (FILL_BY_SQL && mark - WINDOW > stored) {
      await store.close();
      const t = performance.now();
      const fill = { from: stored, to: mark - WINDOW, total: MAX, end: END, span: SPAN, source: 'import', users: 200_000 };
      // A sample of each fill joins the re-send check, in proportion to the events it wrote.
      sample.push(...fillEventsApart(path, fill, (mark - WINDOW - stored) / SAMPLE_EVERY));
      console.log(
        `  filled ${(stored / 1e6).toFixed(0)}M..${((mark - WINDOW) / 1e6).toFixed(0)}M by SQL in ${((performance.now() - t) / 1000).toFixed(0)} s`,
      );
      stored = mark - WINDOW;
      store = await openDuckDBStore({ path });
      await store.prepare(config);
    }
    let windowStart = performance.now();
    while (stored < mark) {
      const group = Array.from({ length: GROUP }, (_, i) => event(stored + i));
      for (let i = 0; i < GROUP; i++) if ((stored + i) % SAMPLE_EVERY === 0) sample.push(group[i] as StoredEvent);
      const t = performance.now();
      const answers = await store.insert(group);
      apiSeconds += (performance.now() - t) / 1000;
      apiEvents += GROUP;
      if (answers.some((a) => !a)) throw new Error(`a new id was answered as a duplicate at ${stored}`);
      stored += GROUP;
      if (stored % WINDOW === 0) {
        const rate = WINDOW / ((performance.now() - windowStart) / 1000);
        windowStart = performance.now();
        const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
        console.log(
          `  ${(stored / 1e6).toFixed(0)}M stored: ${Math.round(rate).toLocaleString('en')} events/s over the last 1M, RSS ${rss} MB`,
        );
        if (stored === mark) rates.push(`${stored / 1e6}M: ${Math.round(rate).toLocaleString('en')}/s`);
      }
    }
  }
} catch (error) {
  stop = (error as Error).message.split('\n')[0] ?? 'error';
}
const seconds = (performance.now() - started) / 1000;
await store.close();
const bytes = statSync(path).size;
console.log(
  `${stored.toLocaleString('en')} events stored in ${seconds.toFixed(0)} s (${Math.round(stored / seconds).toLocaleString('en')}/s); stopped: ${stop}`,
);
console.log(
  `ingest rate (events through the API, incl. generating them) at ${rates.join(', ')}; store.insert alone ${Math.round(apiEvents / apiSeconds).toLocaleString('en')}/s`,
);
console.log(`database file ${(bytes / 2 ** 30).toFixed(2)} GiB = ${Math.round(bytes / stored)} bytes per event`);

// After a restart: every sampled old id is a duplicate, whatever ts it is re-sent with; new ids are stored.
store = await openDuckDBStore({ path });
try {
  await store.prepare(config);
  const resent = sample.map((e, i) => ({ ...e, ts: i % 2 ? e.ts : END - DAY_MS }));
  const t = performance.now();
  const again = await store.insert(resent);
  const resendMs = performance.now() - t;
  const fresh = await store.insert(sample.map((e) => ({ ...e, id: v7(e.ts) })));
  const dupes = again.filter((a) => !a).length;
  const added = fresh.filter(Boolean).length;
  console.log(
    `after restart: ${dupes.toLocaleString('en')} of ${resent.length.toLocaleString('en')} re-sent old ids answered as duplicates (${resendMs.toFixed(0)} ms), ${added.toLocaleString('en')} of ${fresh.length.toLocaleString('en')} new ids stored`,
  );
  if (dupes !== resent.length || added !== fresh.length) process.exitCode = 1;
} finally {
  await store.close();
  // Peak RSS of the whole run (the kernel's high-water mark, so a spike between samples counts).
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  rmSync(dir, { recursive: true, force: true });
}
