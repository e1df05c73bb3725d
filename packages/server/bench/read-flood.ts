/**
 * Read flood (issue 14 item 5): one read token floods uncached reads (16 loops, `weeks` varying
 * so no cache or coalescing helps) while another token's widget asks, one request at a time, for
 * its own uncached payload. Prints the widget's latencies and what the flood got (200/429/503).
 * The outside review measured the widgets' p50 at 7.6 s before the read budget.
 * Run: pnpm --filter @northstar/server exec tsx bench/read-flood.ts [events] [seconds]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@northstar/core';
import { createServer } from '../src/server.ts';
import { openDuckDBStore } from '../src/store/index.ts';
import { BENCH_METRIC } from './lib/synthetic-events.ts';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const SECONDS = Number(process.argv[3] ?? 20);
const END = Date.UTC(2026, 10, 23, 17);
const FLOOD_LOOPS = 16;

const dir = mkdtempSync(join(tmpdir(), 'northstar-read-flood-'));
const path = join(dir, 'northstar.duckdb');
const gen = spawnSync(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('lib/generate-events.ts', import.meta.url)), path, String(EVENTS), String(END)],
  { stdio: 'inherit' },
);
if (gen.status !== 0) throw new Error('generating events failed');

const store = await openDuckDBStore({ path });
const config = parseConfig({
  readTokens: [
    { token: 'rt_flood', metrics: ['*'] },
    { token: 'rt_wiki', metrics: ['*'] },
  ],
  metrics: [BENCH_METRIC],
});
const app = await createServer({ config, store, log: 'silent', clock: () => END });
const url = await app.listen();
const get = async (token: string, weeks: number) => {
  const t = performance.now();
  const res = await fetch(`${url}/v1/metrics/${BENCH_METRIC.id}?weeks=${weeks}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t };
};

const stopAt = performance.now() + SECONDS * 1000;
const flood = new Map<number, number>();
let floodWeeks = 520;
const loops = Array.from({ length: FLOOD_LOOPS }, async () => {
  while (performance.now() < stopAt) {
    // Every request other weeks: 520, 519, … so each one is a computation of its own.
    if (floodWeeks < 1) floodWeeks = 520;
    const { status } = await get('rt_flood', floodWeeks--);
    flood.set(status, (flood.get(status) ?? 0) + 1);
    if (status !== 200) await new Promise((r) => setTimeout(r, 50));
  }
});
const widget: number[] = [];
const widgetStatus = new Map<number, number>();
let wikiWeeks = 12;
while (performance.now() < stopAt) {
  // The wiki's widgets ask for their own weeks (uncached too), one after the other.
  const { status, ms } = await get('rt_wiki', 2 + (wikiWeeks++ % 100));
  widget.push(ms);
  widgetStatus.set(status, (widgetStatus.get(status) ?? 0) + 1);
  await new Promise((r) => setTimeout(r, 100));
}
await Promise.all(loops);
await app.close();
await store.close();
rmSync(dir, { recursive: true, force: true });

widget.sort((a, b) => a - b);
const q = (p: number) => Math.round(widget[Math.min(widget.length - 1, Math.floor(p * widget.length))] ?? 0);
console.log(
  `read flood: ${EVENTS.toLocaleString('en-US')} events, ${SECONDS} s, ${FLOOD_LOOPS} flood loops of one token with varying weeks; ` +
    `flood answers ${JSON.stringify(Object.fromEntries(flood))}; other token's widget: ${widget.length} requests ${JSON.stringify(Object.fromEntries(widgetStatus))}, ` +
    `p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${Math.round(widget.at(-1) ?? 0)} ms`,
);
