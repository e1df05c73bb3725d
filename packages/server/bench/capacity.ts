/**
 * How many events the embedded store holds within its memory limit: events with random ids (as
 * trackers make them) go in one group commit of 10,000 at a time until DuckDB runs out of memory
 * or CAPACITY_MAX is reached. The events' id index is what fills the limit, so the figure to read
 * is bytes of limit per stored event.
 *   npx tsx bench/capacity.ts                       (128MB: about a minute)
 *   NORTHSTAR_DUCKDB_MEMORY=512MB npx tsx bench/capacity.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@northstar/core';
import { openDuckDBStore } from '../src/store/index.ts';
import { BENCH_METRIC } from './lib/synthetic-events.ts';

const LIMIT = process.env.NORTHSTAR_DUCKDB_MEMORY ?? '128MB';
const MAX = Number(process.env.CAPACITY_MAX ?? 20_000_000);
const GROUP = 10_000;
const UNITS = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 2 ** 10, MIB: 2 ** 20, GIB: 2 ** 30, TIB: 2 ** 40 };
const [, amount, unit] = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(LIMIT) ?? [];
const limitBytes = Number(amount) * (UNITS[unit?.toUpperCase() as keyof typeof UNITS] ?? Number.NaN);

const dir = mkdtempSync(join(tmpdir(), 'northstar-capacity-'));
const store = await openDuckDBStore({ path: join(dir, 'northstar.duckdb'), memoryLimit: LIMIT });
await store.prepare(parseConfig({ metrics: [BENCH_METRIC] }));
const end = Date.now();
const started = performance.now();
let stored = 0;
let peakRss = 0;
let stop = 'reached CAPACITY_MAX';
try {
  while (stored < MAX) {
    const group = Array.from({ length: GROUP }, (_, i) => {
      const n = stored + i;
      return {
        id: randomUUID(),
        name: n % 3 ? 'workout_completed' : 'workout_started',
        ts: end - (n % 5_000_000) * 60_000,
        userId: `u${n % 200_000}`,
        props: { minutes: n % 40, cooldown: true },
      };
    });
    await store.insert(group);
    stored += GROUP;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
} catch (error) {
  stop = (error as Error).message.split('.')[0] ?? 'error';
} finally {
  await store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `memory limit ${LIMIT}: ${stored.toLocaleString('en')} events stored in ${seconds.toFixed(0)} s (${Math.round(stored / seconds).toLocaleString('en')}/s), ` +
    `${Math.round(limitBytes / stored)} bytes of limit per event, peak RSS ${Math.round(peakRss / 2 ** 20)} MB; stopped: ${stop}`,
);
