/**
 * Import throughput (issue 15, benchmark 2): `northstar import` of an NDJSON file of IMPORT_LINES
 * events (default 10M: two years of a fitness app's history, tracker-shaped v7 ids), end to end
 * (the CLI reads the file and exits once the last group is committed), against two baselines on
 * the same file in the same run: `wc -l` (reading it) and a bare DuckDB `read_json` load into a
 * table (parsing and storing it with no dedupe, validation or rollups).
 *   npx tsx bench/import.ts                      (10M lines: the file is about 1.6 GB)
 *   IMPORT_LINES=1000000 npx tsx bench/import.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { DAY_MS } from '@northstar/core';
import { BENCH_METRIC } from './lib/synthetic-events.ts';
import { v7 } from './lib/v7-id.ts';

const LINES = Number(process.env.IMPORT_LINES ?? 10_000_000);
const END = Date.UTC(2026, 11, 7);
const SPAN = 104 * 7 * DAY_MS;
const BIN = fileURLToPath(new URL('../bin/northstar.js', import.meta.url));
const fmt = (n: number) => Math.round(n).toLocaleString('en');

/** Writes the file a chunk of lines at a time, waiting for the stream to drain. */
async function writeHistory(path: string): Promise<void> {
  const out = createWriteStream(path);
  const names = ['workout_started', 'workout_completed', 'workout_completed', 'page_view'];
  for (let n = 0; n < LINES; ) {
    const lines: string[] = [];
    for (const stop = Math.min(LINES, n + 10_000); n < stop; n++) {
      const ts = END - SPAN + Math.floor((n / LINES) * SPAN);
      lines.push(
        JSON.stringify({
          id: v7(ts),
          name: names[n % 4],
          ts,
          userId: `u${(n * 7919) % 100_000}`,
          groups: { team: `t${n % 5000}` },
          props: { minutes: n % 40, cooldown: n % 3 === 0 },
        }),
      );
    }
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const time = <T>(f: () => T): [number, T] => {
  const t = performance.now();
  const v = f();
  return [(performance.now() - t) / 1000, v];
};

const dir = mkdtempSync(join(tmpdir(), 'northstar-import-bench-'));
try {
  const file = join(dir, 'history.ndjson');
  const t0 = performance.now();
  await writeHistory(file);
  const bytes = statSync(file).size;
  console.log(
    `import benchmark: ${fmt(LINES)} lines, ${(bytes / 2 ** 30).toFixed(2)} GiB, written in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );

  const [wcSeconds] = time(() => execFileSync('wc', ['-l', file]));
  const duck = await DuckDBInstance.create(join(dir, 'bare.duckdb'));
  const c = await duck.connect();
  const t1 = performance.now();
  await c.run(`CREATE TABLE events AS SELECT * FROM read_json('${file}', format = 'newline_delimited')`);
  const duckSeconds = (performance.now() - t1) / 1000;
  c.closeSync();
  duck.closeSync();

  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ metrics: [BENCH_METRIC] }));
  const [importSeconds, run] = time(() =>
    spawnSync(process.execPath, [BIN, 'import', file, '--config', config, '--data', join(dir, 'data')], { encoding: 'utf8' }),
  );
  if (run.status !== 0) throw new Error(`northstar import failed (${run.status}): ${run.stdout}${run.stderr}`);
  console.log(`  ${run.stdout.trim().split('\n').at(-1)}`);
  const rate = (s: number) => `${fmt(LINES / s)} lines/s`;
  console.log(`  wc -l                 ${wcSeconds.toFixed(1).padStart(7)} s  ${rate(wcSeconds)}`);
  console.log(`  DuckDB read_json load ${duckSeconds.toFixed(1).padStart(7)} s  ${rate(duckSeconds)}`);
  console.log(
    `  northstar import      ${importSeconds.toFixed(1).padStart(7)} s  ${rate(importSeconds)} (${(importSeconds / duckSeconds).toFixed(1)}x the bare load, ${(importSeconds / wcSeconds).toFixed(0)}x wc -l)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
