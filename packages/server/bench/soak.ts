/**
 * The sustainable rate of tracker-like ingest, which the sustained-load reliability test offers
 * (test/reliability/lib/scale.ts SOAK_RATE). Steps the offered rate up, each step on a fresh
 * `northstar serve` child process with the DuckDB store, in batches of 1..20 events of one user
 * (a tracker's flush). A rate is sustainable when every batch is answered 200, the acknowledged
 * rate keeps up with the offered one (>= 95%) and p99 latency stays under 500 ms.
 *
 * Run: pnpm --filter @northstar/server exec tsx bench/soak.ts  (SOAK_STEP_SECONDS, SOAK_RATES=1000,2000)
 * The load generator shares the machine (2 cores) with the server, so figures are a floor.
 */
import { createFixture } from '../test/reliability/lib/fixture.ts';
import { IngestLoader } from '../test/reliability/lib/loader.ts';

const STEP_SECONDS = Number(process.env.SOAK_STEP_SECONDS ?? 6);
const RATES = (process.env.SOAK_RATES ?? '500,1000,2000,4000,8000').split(',').map(Number);
const USERS = Array.from({ length: 50 }, (_, i) => `u_soak_${i}`);
const MAX_BATCH = 20;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

let sustainable = 0;
console.log(`offered ev/s | acked ev/s | batches | non-200 | p50 ms | p99 ms | RSS MiB | sustainable`);
for (const rate of RATES) {
  const fixture = createFixture();
  const server = await fixture.start();
  try {
    const loader = new IngestLoader(server.url, fixture.secrets.siteKey, USERS, MAX_BATCH);
    const started = performance.now();
    await loader.openLoop(rate, STEP_SECONDS * 1000, (1 + MAX_BATCH) / 2);
    const seconds = (performance.now() - started) / 1000;
    const acked = loader.acked.size / seconds;
    const non200 = loader.batches - (loader.statuses.get(200) ?? 0);
    const p50 = percentile(loader.latencies, 50);
    const p99 = percentile(loader.latencies, 99);
    const ok = non200 === 0 && loader.anomalies.length === 0 && acked >= 0.95 * (loader.sent.size / seconds) && p99 <= 500;
    if (ok) sustainable = rate;
    console.log(
      [
        rate,
        Math.round(acked),
        loader.batches,
        non200,
        p50.toFixed(1),
        p99.toFixed(1),
        Math.round(server.rss() / 2 ** 20),
        ok ? 'yes' : 'no',
      ]
        .map(String)
        .join(' | '),
    );
    if (!ok) break;
  } finally {
    await server.stop();
    fixture.cleanup();
  }
}
console.log(`\nsustainable: ${sustainable} events/s in tracker-like batches; the reliability soak offers about half of it (SOAK_RATE).`);
